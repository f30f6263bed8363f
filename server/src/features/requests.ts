// Custom requests: flows text/JSON for a scope, explain for one connection, the graph, the tree,
// flows of given files, a lens's explanation, and a deny-all policy for a new document.
import { computeFlows, DEFAULT_STYLE, denyAllLines, denyAllName, denyAllRefusal, explain, explainTargets, flowGraph, noRuleText, flowsToMermaid, hoverAt,
  NOT_ISOLATED_TEXT, OUTSIDE_TEXT, parsePortRef, resolveEndpoint, sideAllows, Workspace, type DenyAllKind, type Snapshot,
  type Workload } from '../engine/index';
import { writeFlowsJson, writeFlowsText } from '../cli/flows-command';
import { makeStyle } from '../cli/style';
import type { ExplainParams, ExplainResult, FlowsParams, FlowsResult, GraphParams, GraphResult, TreeResult, FlowsOfFilesParams, Settings, ExplanationParams,
  DenyAllParams, DenyAllResult, DenyAllDirections } from '../protocol';
import type { ManifestStore } from '../workspace/manifest-store';
import { globToRegExp } from '../workspace/glob';
import { wouldFindUnder } from '../workspace/find-manifests';
import { fileURLToPath } from 'node:url';

/** `netpolLens/flows`: the same text as `netpol-lens flows`, or its JSON. */
export function flowsRequest(s: Snapshot, p: FlowsParams, store?: ManifestStore): FlowsResult {
  let only: Set<Workload> | undefined;
  if (p.policyAt && store) {
    const doc = store.getOpen(p.policyAt.uri);
    const offset = doc?.document.offsetAt({ line: p.policyAt.line, character: p.policyAt.character }) ?? -1;
    const policy = s.policies.find((x) => x.file === p.policyAt!.uri && offset >= x.span.start && offset <= x.span.end);
    if (!policy) return { text: 'No NetworkPolicy at the cursor.\n' };
    only = new Set(s.analyze(policy).selected);
  }
  const filter = { namespace: p.namespace, workload: p.workload, only };
  if (p.format === 'mermaid') return { text: flowsToMermaid(s, computeFlows(s, filter), filter) };
  const chunks: string[] = [];
  const out = (c: string) => void chunks.push(c);
  if (p.format === 'json') writeFlowsJson(s, filter, out);
  else writeFlowsText(s, filter, makeStyle(false), out);
  const text = chunks.join('');
  // The request's JSON has never ended with the CLI's newline.
  return { text: p.format === 'json' ? text.slice(0, -1) : text };
}

/**
 * `netpolLens/explain`: the verdict on one connection as markdown. A CIDR destination gets one
 * verdict per piece, as in `netpol-lens explain` (the engine's explainTargets).
 */
export function explainRequest(store: ManifestStore, p: ExplainParams): ExplainResult {
  const s = store.snapshot();
  const from = resolveEndpoint(s, p.from);
  if ('error' in from) return { allowed: false, markdown: `Unknown source: ${from.error}` };
  const to = explainTargets(s, from.endpoint, p.to);
  if ('error' in to) return { allowed: false, markdown: `Unknown destination: ${to.error}` };
  // A port that does not parse is an error, never "every port": that would widen the answer.
  const portRef = p.port?.trim() ? parsePortRef(p.port, to.targets[0]!.endpoint) : undefined;
  if (portRef && 'error' in portRef) return { allowed: false, markdown: `Invalid port ${portRef.error}` };
  const port = portRef?.port;
  const link = (file: string, start: number) => {
    const pos = store.position(file, start);
    return `[${file.split('/').pop()}:${pos.line + 1}](${file}#L${pos.line + 1})`;
  };
  let allowed = true;
  const sections = to.targets.map((t) => {
    const e = explain(s, from.endpoint, t.endpoint, port);
    allowed &&= e.allowed;
    const lines = [`**${p.from} → ${t.label}${port ? ` on ${port.protocol} ${port.port}` : ''}: ${e.allowed ? 'allowed' : 'denied'}**${!port && e.allowed
      ? ` (${e.allowedPorts.describe()})` : ''}`, ''];
    for (const [title, v, dir, other] of [[`Egress of ${p.from}`, e.egress, 'egress', t.label], [`Ingress of ${t.label}`, e.ingress, 'ingress',
      p.from]] as const) {
      if (!v.applies) lines.push(`- ${title}: ${OUTSIDE_TEXT}`);
      else if (v.chain) {
        // Cluster policies: the tiers that decided, in order, each cluster rule linked.
        const open = port ? v.allowed.has(port.protocol, port.port) : !v.allowed.isEmpty();
        const verdict = !open ? 'denied' : port ? 'allowed' : `allows ${v.allowed.describe()}`;
        lines.push(`- ${title}: ${[...v.chain.map((l) => l.text), verdict].join(' → ')}`);
        for (const l of v.chain) if (l.file && l.span) lines.push(`  - ${l.text} (${link(l.file, l.span.start)})`);
      } else if (!v.isolated) lines.push(`- ${title}: ${NOT_ISOLATED_TEXT}`);
      else {
        lines.push(`- ${title}: isolated ` +
          `by ${v.isolatingPolicies.map((x) => `\`${x.namespace}/${x.name}\` (${link(x.file, x.span.start)})`).join(', ')}, ${sideAllows(v, dir, other)}`);
        for (const r of v.allowingRules) lines.push(
          `  - ${r.direction}[${r.index}] of \`${r.policy.name}\` allows ${r.ports.describe()} (${link(r.policy.file, r.span.start)})`);
        if (v.allowingRules.length === 0) lines.push(`  - ${noRuleText(v)}`);
      }
    }
    return lines.join('\n');
  });
  return { allowed, markdown: sections.join('\n\n') };
}

/**
 * `netpolLens/graph`: nodes and edges for the flow graph, focused on the policy at the cursor
 * (what it selects and what it blocks), or on every policy of the document when the cursor is
 * outside them.
 */
export function graphRequest(store: ManifestStore, p: GraphParams): GraphResult {
  const s = store.snapshot();
  const inFile = p.uri ? s.policies.filter((x) => x.file === p.uri) : [];
  const doc = p.uri && p.position ? store.getOpen(p.uri) : undefined;
  const offset = doc && p.position ? doc.document.offsetAt(p.position) : -1;
  const atCursor = inFile.find((x) => offset >= x.span.start && offset <= x.span.end);
  const focus = atCursor ? [atCursor] : inFile;
  const g = flowGraph(s, focus);
  return {
    ...g,
    focus: focus.map((x) => `${x.namespace}/${x.name}`),
    nodes: g.nodes.map(({ file, offset, ...n }) => ({ ...n, uri: file, line: store.position(file, offset).line })),
  };
}

/** `netpolLens/tree`: namespaces → workloads → the policies isolating each, per direction. */
export function treeRequest(store: ManifestStore): TreeResult {
  const s = store.snapshot();
  const at = (file: string, offset: number) => ({ uri: file, line: store.position(file, offset).line });
  const namespaces = [...s.namespaces.keys()].map((name) => ({
    name,
    workloads: s.index.inNamespace(name).map((w) => {
      const iso = s.isolation(w);
      const ref = (a: (typeof iso.ingress)[number]) => ({ name: a.policy.name, ...at(a.policy.file, a.policy.span.start) });
      return { name: w.name, kind: w.kind, ...at(w.file, w.span.start), ingress: iso.ingress.map(ref), egress: iso.egress.map(ref) };
    }),
  }));
  return { namespaces: namespaces.filter((n) => n.workloads.length > 0) };
}

/**
 * `netpolLens/flowsOfFiles`: the flows text of files given whole (the committed version, say),
 * read by the workspace index's rule: under its folder, a manifest extension, not in
 * `node_modules`/`.git`, not excluded by `netpolLens.exclude` (relative to the folder), not an
 * input of a render target of the working tree (`isRenderInput`: the committed chart is not
 * rendered; its raw templates would say false things). Templates elsewhere are left to the engine.
 * Clients send every file and leave the choice to this rule.
 */
export function flowsOfFilesRequest(p: FlowsOfFilesParams, settings: Settings, isRenderInput: (path: string) => boolean = () => false): FlowsResult {
  return flowsRequest(snapshotOfFiles(p, settings, isRenderInput), { format: 'text' });
}

/** The snapshot of files given whole, read by the index's rule (see `flowsOfFilesRequest`). */
export function snapshotOfFiles(p: FlowsOfFilesParams, settings: Settings, isRenderInput: (path: string) => boolean = () => false): Snapshot {
  const ws = new Workspace({ defaultNamespace: settings.defaultNamespace, maxFileSize: settings.maxFileSize });
  const excludes = settings.exclude.map(globToRegExp);
  for (const f of p.files) if (indexable(f, excludes) && !isRenderInput(fileURLToPath(f.uri))) ws.setFile(f.uri, f.text);
  return ws.snapshot();
}

/** Whether the folder scan of the file's workspace folder would read it; never for a URI that is not a file. */
function indexable(f: FlowsOfFilesParams['files'][number], excludes: RegExp[]): boolean {
  try {
    return typeof f.folder === 'string' && wouldFindUnder(fileURLToPath(f.folder), fileURLToPath(f.uri), excludes);
  } catch {
    return false; // not a file: URI
  }
}

/** `netpolLens/explanation`: the hover text at a lens's anchor (what a policy selects and allows). */
export function explanationRequest(store: ManifestStore, p: ExplanationParams): { markdown: string } {
  const objects = store.getOpen(p.uri)?.facts.objects ?? [];
  const link = (file: string, offset: number, text: string) => `[${text}](${file}#L${store.position(file, offset).line + 1})`;
  return { markdown: hoverAt(store.snapshot(), objects, p.offset, link)?.markdown ?? 'Nothing to explain here.' };
}

const DENY_ALL_KINDS: Record<DenyAllDirections, DenyAllKind> = { 'ingress and egress': 'all', ingress: 'ingress', egress: 'egress' };

/**
 * `netpolLens/denyAll`: a default deny-all policy for a namespace as a new YAML document, written
 * by the engine's deny-all refactoring (a free name, quoted scalars), or an error when the
 * namespace already denies those directions (open documents count, saved or not).
 */
export function denyAllRequest(s: Snapshot, p: DenyAllParams): DenyAllResult {
  const kind = DENY_ALL_KINDS[p.directions];
  if (!kind || typeof p.namespace !== 'string' ||
    p.namespace === '') return { error: 'A namespace and the directions (ingress, egress, or ingress and egress) are needed.' };
  const refusal = denyAllRefusal(s, p.namespace, kind);
  const name = denyAllName(s, p.namespace, kind);
  if (refusal !== undefined || name === undefined) return { error: refusal ?? `Namespace ${p.namespace} already denies all ${p.directions}.` };
  return { text: `${denyAllLines(name, p.namespace, kind, DEFAULT_STYLE).join('\n')}\n` };
}
