// `netpol-lens flows`: every allowed connection, as aligned text or the stable JSON.
import { computeFlows, flowsToJson, rangeName, type Flow, type FlowPeer, type IpRange } from '../engine/index';
import type { CliArgs } from './args';
import type { Loaded } from './load';
import type { Style } from './style';

/** Runs `flows`; returns the exit code. */
export function runFlows(args: CliArgs, loaded: Loaded, style: Style, out: (s: string) => void): number {
  const s = loaded.workspace.snapshot();
  const filter = { namespace: args.namespace, workload: args.workload };
  const flows = computeFlows(s, filter);
  if (args.format === 'json') {
    out(JSON.stringify(flowsToJson(s, flows, filter), null, 2) + '\n');
    return 0;
  }
  out(formatFlowsText(flows, style));
  return 0;
}

/** One line per allowed connection, columns aligned; the same text the editor shows. */
export function formatFlowsText(flows: Flow[], style: Style): string {
  if (flows.length === 0) return 'No connection is allowed.\n';
  const rows = flows.map((f) => [peerText(f.from), peerText(f.to), f.allowed.describe()] as const);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${style.dim('->')}  ${b.padEnd(w1)}  ${c === 'all ports' ? style.green(c) : style.cyan(c)}`).join('\n') + '\n';
}

/** A flow endpoint as text: `ns/name (Kind)` or an address range, as a CIDR when it is one. */
export function peerText(p: FlowPeer): string {
  if ('workload' in p) return `${p.workload.namespace}/${p.workload.name} (${p.workload.kind})`;
  return rangeText(p.range);
}

/** A range as a CIDR when it is exactly one, else `first-last`; the whole space is "anywhere". */
export const rangeText: (r: IpRange) => string = rangeName;
