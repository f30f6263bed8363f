// `netpol-lens flows`: every allowed connection, as aligned text or the stable JSON, written as
// it is computed (millions of pairs fit); `--group namespace` folds the pairs by namespace.
import { allowedPorts, externalRanges, flowStream, ITEM_INDENT, jsonAt, peerJson, rangeName, groupFlows, groupPeerJson, matchesFilter, namespacesOf,
  usedFamilies, workloadJson, writeJsonArrays } from '../engine/index';
import type { Flow, FlowFilter, FlowGroup, FlowPeer, GroupPeer, IpRange, Sink, Snapshot, Workload } from '../engine/index';
import type { CliArgs } from './args';
import type { Loaded } from './load';
import type { Style } from './style';

/** Runs `flows`; returns the exit code. */
export function runFlows(args: CliArgs, loaded: Loaded, style: Style, out: Sink): number {
  const s = loaded.workspace.snapshot();
  const filter = { namespace: args.namespace, workload: args.workload };
  if (args.group) {
    if (args.format === 'json') writeGroupsJson(s, filter, out);
    else writeGroupsText(s, filter, style, out);
  } else if (args.format === 'json') writeFlowsJson(s, filter, out);
  else writeFlowsText(s, filter, style, out);
  return 0;
}

/** The documented JSON of `flows`, streamed: `JSON.stringify(flowsToJson(...), null, 2)` and a newline. */
export function writeFlowsJson(s: Snapshot, filter: FlowFilter, out: Sink): void {
  const workloads = s.workloads.filter((w) => matchesFilter(w, filter)).map((w) => jsonAt(workloadJson(w), ITEM_INDENT));
  writeJsonArrays([['workloads', workloads], ['flows', map(flowStream(s, filter), flowRenderer())]], out);
}

/** Renders a flow as `jsonAt(flowJson(f), ITEM_INDENT)` does, each workload's JSON made once. */
function flowRenderer(): (f: Flow) => string {
  const inner = ITEM_INDENT + '  ';
  const workloads = new Map<Workload, string>();
  const peer = (p: FlowPeer): string => {
    if (!('workload' in p)) return jsonAt(peerJson(p), inner);
    let text = workloads.get(p.workload);
    if (text === undefined) workloads.set(p.workload, (text = jsonAt(peerJson(p), inner)));
    return text;
  };
  return (f) => {
    const allowed = f.allowed.isAll() ? '"all"' : jsonAt(f.allowed.toJSON(), inner);
    return `{\n${inner}"from": ${peer(f.from)},\n${inner}"to": ${peer(f.to)},\n${inner}"allowed": ${allowed}\n${ITEM_INDENT}}`;
  };
}

/** One line per allowed connection, columns aligned; the same text the editor shows. */
export function writeFlowsText(s: Snapshot, filter: FlowFilter, style: Style, out: Sink): void {
  const [w0, w1] = columnWidths(s, filter);
  if (w0 === 0) return out('No connection is allowed.\n');
  const lines = new LineBuffer(out);
  for (const f of flowStream(s, filter)) lines.add(rowText(peerText(f.from), w0, peerText(f.to), w1, f.allowed.describe(), style));
  lines.flush();
}

/** `flows --group namespace` as text: one aligned row per group with something allowed. */
export function writeGroupsText(s: Snapshot, filter: FlowFilter, style: Style, out: Sink): void {
  // Rows grow with the namespaces, not the pairs: kept to align the columns.
  const rows: [string, string, string][] = [];
  for (const g of groupFlows(s, filter)) rows.push([groupText(g.from), groupText(g.to), groupAllowedText(g)]);
  if (rows.length === 0) return out('No connection is allowed.\n');
  const w0 = rows.reduce((w, r) => Math.max(w, r[0].length), 0);
  const w1 = rows.reduce((w, r) => Math.max(w, r[1].length), 0);
  const lines = new LineBuffer(out);
  for (const [a, b, c] of rows) lines.add(rowText(a, w0, b, w1, c, style));
  lines.flush();
}

/** `flows --group namespace --format json`, streamed (shape in the README). */
export function writeGroupsJson(s: Snapshot, filter: FlowFilter, out: Sink): void {
  const namespaces = namespacesOf(s).map(([namespace, ws]) => ({ namespace, workloads: ws.filter((w) => matchesFilter(w, filter)).length }));
  const groups = map(groupFlows(s, filter), (g) => jsonAt({
    from: groupPeerJson(g.from), to: groupPeerJson(g.to), pairs: g.pairs, allowedPairs: g.allowedPairs, allowed: g.allowed ? g.allowed.toJSON() : 'varies',
  }, ITEM_INDENT));
  const kept = namespaces.filter((n) => n.workloads > 0).map((n) => jsonAt(n, ITEM_INDENT));
  writeJsonArrays([['namespaces', kept], ['groups', groups]], out);
}

function groupText(p: GroupPeer): string {
  return 'namespace' in p ? `${p.namespace}/*` : rangeText(p.range);
}

function groupAllowedText(g: FlowGroup): string {
  return g.allowed ? g.allowed.describe() : `varies: ${g.allowedPairs} of ${g.pairs} pairs allow something`;
}

function rowText(a: string, w0: number, b: string, w1: number, c: string, style: Style): string {
  const allowed = c === 'all ports' ? style.green(c) : c.startsWith('varies') ? style.dim(c) : style.cyan(c);
  return `${a.padEnd(w0)}  ${style.dim('->')}  ${b.padEnd(w1)}  ${allowed}`;
}

/** Lines joined into chunks of about 64 KiB before they are written. */
class LineBuffer {
  private buf = '';
  constructor(private readonly out: Sink) {}
  add(line: string): void {
    this.buf += line + '\n';
    if (this.buf.length >= 1 << 16) this.flush();
  }
  flush(): void {
    if (this.buf) this.out(this.buf);
    this.buf = '';
  }
}

function* map<T, U>(items: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const t of items) yield f(t);
}

/**
 * The widths of the source and destination columns over the flows that exist (0 when none),
 * without listing them: workloads are tried longest name first, and the first with a flow
 * decides, so an open workspace costs a few pairs, not a pass over all of them.
 */
function columnWidths(s: Snapshot, filter: FlowFilter): [number, number] {
  const keep = (w: Workload) => matchesFilter(w, filter);
  const families = usedFamilies(s);
  let w0 = 0, w1 = 0;
  const ranges = (w: Workload, d: 'egress' | 'ingress') => (keep(w) ? externalRanges(s, w, d, families) : []);
  for (const w of s.workloads) {
    for (const r of ranges(w, 'egress')) w1 = Math.max(w1, rangeText(r.range).length);
    for (const r of ranges(w, 'ingress')) w0 = Math.max(w0, rangeText(r.range).length);
  }
  const pairAllowed = (from: Workload, to: Workload) => from !== to && (keep(from) || keep(to)) &&
    !allowedPorts(s, { workload: from }, { workload: to }).isEmpty();
  const byLength = s.workloads.map((w) => ({ w, text: peerText({ workload: w }) })).sort((a, b) => b.text.length - a.text.length);
  for (const { w, text } of byLength) {
    if (text.length <= w0) break;
    if (ranges(w, 'egress').length > 0 || s.workloads.some((to) => pairAllowed(w, to))) w0 = text.length;
  }
  for (const { w, text } of byLength) {
    if (text.length <= w1) break;
    if (ranges(w, 'ingress').length > 0 || s.workloads.some((from) => pairAllowed(from, w))) w1 = text.length;
  }
  return [w0, w1];
}

/** A flow endpoint as text: `ns/name (Kind)` or an address range, as a CIDR when it is one. */
export function peerText(p: FlowPeer): string {
  if ('workload' in p) return `${p.workload.namespace}/${p.workload.name} (${p.workload.kind})`;
  return rangeText(p.range);
}

/** A range as a CIDR when it is exactly one, else `first-last`; the whole space is "anywhere". */
export const rangeText: (r: IpRange) => string = rangeName;
