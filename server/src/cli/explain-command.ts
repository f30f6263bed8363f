// `netpol-lens explain`: the verdict on one connection and the policies and rules behind it.
import { explain, parseCidr, parsePortRef, resolveEndpoint, type DirectionVerdict, type Endpoint, type Explanation, type Protocol, type Snapshot, type Workload, externalRanges, type IpRange } from '../engine/index';
import { UsageError, type CliArgs } from './args';
import { rangeText } from './flows-command';
import type { Loaded } from './load';
import type { Style } from './style';

/** Runs `explain`; exit 0 when allowed, 1 when denied. */
export function runExplain(args: CliArgs, loaded: Loaded, style: Style, out: (s: string) => void): number {
  const s = loaded.workspace.snapshot();
  const from = endpoint(s, args.from!, '--from', loaded);
  const toTargets = targets(s, from, args.to!, loaded);
  const port = args.port ? parsePort(args.port, toTargets[0]!.endpoint) : undefined;
  const results = toTargets.map((t) => ({ ...t, explanation: explain(s, from, t.endpoint, port) }));
  if (args.format === 'json') {
    out(JSON.stringify(results.map((r) => explanationJson(loaded, args.from!, r.label, port, r.explanation)), null, 2) + '\n');
  } else {
    for (const r of results) out(explanationText(loaded, style, args.from!, r.label, port, r.explanation));
  }
  return results.every((r) => r.explanation.allowed) ? 0 : 1;
}

function endpoint(s: Snapshot, ref: string, option: string, loaded: Loaded): Endpoint {
  const r = resolveEndpoint(s, ref, loaded.displayPath);
  if ('error' in r) throw new UsageError(`${option} ${r.error}`);
  return r.endpoint;
}

/** A CIDR destination is split where the source's egress rules change, one verdict per piece. */
function targets(s: Snapshot, from: Endpoint, ref: string, loaded: Loaded): { label: string; endpoint: Endpoint }[] {
  const cidr = ref.includes('/') && !s.findWorkloads(ref).length ? parseCidr(ref) : undefined;
  if (!cidr) return [{ label: ref, endpoint: endpoint(s, ref, '--to', loaded) }];
  const whole: IpRange = { family: cidr.family, first: cidr.first, last: cidr.last };
  // Pods whose known IPs lie in the block get their own verdict: their policies apply too.
  const pods = s.workloadsInCidr(cidr).filter((w) => !('workload' in from) || w !== from.workload).map((w) => ({ label: `${label(w)} (pod IP in ${ref})`, endpoint: { workload: w } as Endpoint }));
  if (!('workload' in from)) return [{ label: ref, endpoint: { ip: { family: cidr.family, value: cidr.first } } }, ...pods];
  const cuts = new Set<bigint>([whole.first]);
  for (const r of externalRanges(s, from.workload, 'egress', [cidr.family])) {
    if (r.range.first > whole.first && r.range.first <= whole.last) cuts.add(r.range.first);
    if (r.range.last + 1n > whole.first && r.range.last + 1n <= whole.last) cuts.add(r.range.last + 1n);
  }
  const points = [...cuts].sort((a, b) => (a < b ? -1 : 1));
  const external = points.map((first, i) => {
    const last = i + 1 < points.length ? points[i + 1]! - 1n : whole.last;
    const label = points.length === 1 ? ref : rangeText({ family: cidr.family, first, last });
    return { label, endpoint: { ip: { family: cidr.family, value: first } } as Endpoint };
  });
  return [...external, ...pods];
}

function parsePort(text: string, to: Endpoint): { protocol: Protocol; port: number } {
  const r = parsePortRef(text, to);
  if ('error' in r) throw new UsageError(`--port ${r.error}`);
  return r.port;
}

function label(w: Workload): string {
  return `${w.namespace}/${w.name}`;
}

function explanationText(loaded: Loaded, style: Style, from: string, to: string, port: { protocol: Protocol; port: number } | undefined, e: Explanation): string {
  const verdict = e.allowed ? style.green(style.bold('ALLOWED')) : style.red(style.bold('DENIED'));
  const lines = [`${from} -> ${to}${port ? ` on ${port.protocol} ${port.port}` : ''}: ${verdict}${port ? '' : e.allowed ? ` (${e.allowedPorts.describe()})` : ''}`];
  const sides = [...sideText(loaded, style, `egress of ${from}`, e.egress, port), ...sideText(loaded, style, `ingress of ${to}`, e.ingress, port)];
  return [...lines, ...sides].join('\n') + '\n\n';
}

function sideText(loaded: Loaded, style: Style, title: string, v: DirectionVerdict, port?: { protocol: Protocol; port: number }): string[] {
  if (!v.applies) return [`  ${title}: outside the cluster, no policy applies`];
  if (v.chain) return chainLines(loaded, style, title, v, port);
  if (!v.isolated) return [`  ${title}: not isolated (no policy selects it for this direction), everything allowed`];
  const out = [`  ${title}: isolated by ${v.isolatingPolicies.length} ${v.isolatingPolicies.length === 1 ? 'policy' : 'policies'}; allows ${v.allowed.describe()}`];
  for (const p of v.isolatingPolicies) out.push(`    policy ${p.namespace}/${p.name}  ${style.dim(loaded.location(p.file, p.span.start))}`);
  if (v.allowingRules.length === 0) out.push(`    ${style.yellow('no rule of these policies matches')}`);
  for (const r of v.allowingRules) out.push(`    rule ${r.direction}[${r.index}] of ${r.policy.namespace}/${r.policy.name} allows ${r.ports.describe()}  ${style.dim(loaded.location(r.policy.file, r.span.start))}`);
  return out;
}

/** With cluster policies: the tiers in order, then one line per link with its location. */
function chainLines(loaded: Loaded, style: Style, title: string, v: DirectionVerdict, port?: { protocol: Protocol; port: number }): string[] {
  const verdict = port ? (v.allowed.has(port.protocol, port.port) ? 'ALLOWED' : 'DENIED') : v.allowed.isEmpty() ? 'DENIED' : `allows ${v.allowed.describe()}`;
  const out = [`  ${title}: ${[...v.chain!.map((l) => l.text), verdict].join(' → ')}`];
  for (const l of v.chain!) if (l.file && l.span) out.push(`    ${l.text}  ${style.dim(loaded.location(l.file, l.span.start))}`);
  if (v.isolated) for (const p of v.isolatingPolicies) out.push(`    policy ${p.namespace}/${p.name}  ${style.dim(loaded.location(p.file, p.span.start))}`);
  return out;
}

function explanationJson(loaded: Loaded, from: string, to: string, port: { protocol: Protocol; port: number } | undefined, e: Explanation): unknown {
  const loc = (file: string, offset: number) => ({ file: loaded.displayPath(file), ...loaded.position(file, offset) });
  const side = (v: DirectionVerdict) => ({
    applies: v.applies,
    isolated: v.isolated,
    allowed: v.allowed.toJSON(),
    isolatingPolicies: v.isolatingPolicies.map((p) => ({ namespace: p.namespace, name: p.name, ...loc(p.file, p.span.start) })),
    allowingRules: v.allowingRules.map((r) => ({ policy: `${r.policy.namespace}/${r.policy.name}`, rule: `${r.direction}[${r.index}]`, allowed: r.ports.toJSON(), ...loc(r.policy.file, r.span.start) })),
    ...(v.chain ? { chain: v.chain.map((l) => ({
      tier: l.tier, action: l.action, policies: l.policies, priority: l.priority ?? null, rule: l.rule ? `${l.rule.direction}[${l.rule.index}]` : null,
      ruleName: l.rule?.name ?? null, ports: l.ports.toJSON(), text: l.text, ...(l.file && l.span ? loc(l.file, l.span.start) : {}),
    })) } : {}),
  });
  return { from, to, port: port ?? null, allowed: e.allowed, allowedPorts: e.allowedPorts.toJSON(), egress: side(e.egress), ingress: side(e.ingress) };
}
