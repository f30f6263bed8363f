// `netpol-lens explain`: the verdict on one connection and the policies and rules behind it.
import { explain, explainTargets, noRuleText, NOT_ISOLATED_TEXT, OUTSIDE_TEXT, parsePortRef, resolveEndpoint, sideAllows, type Direction, type DirectionVerdict,
  type Endpoint, type Explanation, type ExplainTarget, type Protocol, type Snapshot } from '../engine/index';
import { UsageError, type CliArgs } from './args';
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

/** The destinations `--to` names (a CIDR split by the engine, one verdict per piece). */
function targets(s: Snapshot, from: Endpoint, ref: string, loaded: Loaded): ExplainTarget[] {
  const r = explainTargets(s, from, ref, loaded.displayPath);
  if ('error' in r) throw new UsageError(`--to ${r.error}`);
  return r.targets;
}

function parsePort(text: string, to: Endpoint): { protocol: Protocol; port: number } {
  const r = parsePortRef(text, to);
  if ('error' in r) throw new UsageError(`--port ${r.error}`);
  return r.port;
}

function explanationText(loaded: Loaded, style: Style, from: string, to: string, port: { protocol: Protocol; port: number } | undefined,
  e: Explanation): string {
  const verdict = e.allowed ? style.green(style.bold('ALLOWED')) : style.red(style.bold('DENIED'));
  const lines = [`${from} -> ${to}${port ? ` on ${port.protocol} ${port.port}` : ''}: ${verdict}${port ? '' : e.allowed
    ? ` (${e.allowedPorts.describe()})` : ''}`];
  for (const l of sideText(loaded, style, `egress of ${from}`, e.egress, 'egress', to, port)) lines.push(l);
  for (const l of sideText(loaded, style, `ingress of ${to}`, e.ingress, 'ingress', from, port)) lines.push(l);
  return lines.join('\n') + '\n\n';
}

function sideText(
  loaded: Loaded, style: Style, title: string, v: DirectionVerdict, direction: Direction, other: string, port?: { protocol: Protocol; port: number },
): string[] {
  if (!v.applies) return [`  ${title}: ${OUTSIDE_TEXT}`];
  if (v.chain) return chainLines(loaded, style, title, v, port);
  if (!v.isolated) return [`  ${title}: ${NOT_ISOLATED_TEXT}`];
  const out = [`  ${title}: isolated ` +
    `by ${v.isolatingPolicies.length} ${v.isolatingPolicies.length === 1 ? 'policy' : 'policies'}, ${sideAllows(v, direction, other)}`];
  for (const p of v.isolatingPolicies) out.push(`    policy ${p.namespace}/${p.name}  ${style.dim(loaded.location(p.file, p.span.start))}`);
  if (v.allowingRules.length === 0) out.push(`    ${style.yellow(noRuleText(v))}`);
  for (const r of v.allowingRules) out.push(
    `    rule ${r.direction}[${r.index}] of ${r.policy.namespace}/${r.policy.name} allows ${r.ports.describe()} ` +
    ` ${style.dim(loaded.location(r.policy.file, r.span.start))}`);
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
    allowingRules: v.allowingRules.map((r) => ({ policy: `${r.policy.namespace}/${r.policy.name}`, rule: `${r.direction}[${r.index}]`,
      allowed: r.ports.toJSON(), ...loc(r.policy.file, r.span.start) })),
    ...(v.chain ? { chain: v.chain.map((l) => ({
      tier: l.tier, action: l.action, policies: l.policies, priority: l.priority ?? null, rule: l.rule ? `${l.rule.direction}[${l.rule.index}]` : null,
      ruleName: l.rule?.name ?? null, ports: l.ports.toJSON(), text: l.text, ...(l.file && l.span ? loc(l.file, l.span.start) : {}),
    })) } : {}),
  });
  return { from, to, port: port ?? null, allowed: e.allowed, allowedPorts: e.allowedPorts.toJSON(), egress: side(e.egress), ingress: side(e.ingress) };
}
