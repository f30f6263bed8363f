// The destinations an explain request names: a workload, an address, or a CIDR split where the
// source's egress rules change (one verdict per piece) plus the pods whose known IPs lie inside.
// Shared by the command line and the language server, so both answer a CIDR the same way.
import type { Endpoint } from './connectivity';
import { resolveEndpoint } from './endpoint-ref';
import { externalRanges } from './flow-matrix';
import { parseCidr, rangeName, type IpRange } from './ip';
import type { Snapshot } from './snapshot';

/** One destination to explain, with the label the output shows for it. */
export interface ExplainTarget {
  label: string;
  endpoint: Endpoint;
}

/** The destinations, or why the text names none. */
export type ExplainTargets = { targets: ExplainTarget[] } | { error: string };

/**
 * The destinations `ref` names for a connection from `from`. A CIDR (that is not also a
 * workload's name) is cut wherever the source's egress rules change, so each piece has one
 * verdict; pods whose known IPs lie inside get their own verdict, since their policies apply.
 * `displayFile` shows files in the choices of an ambiguous workload (`NS/NAME@FILE`).
 */
export function explainTargets(s: Snapshot, from: Endpoint, ref: string, displayFile?: (file: string) => string): ExplainTargets {
  const text = ref.trim();
  const cidr = text.includes('/') && !s.findWorkloads(text).length ? parseCidr(text) : undefined;
  if (!cidr) {
    const r = resolveEndpoint(s, text, displayFile);
    return 'error' in r ? r : { targets: [{ label: text, endpoint: r.endpoint }] };
  }
  const whole: IpRange = { family: cidr.family, first: cidr.first, last: cidr.last };
  const self = 'workload' in from ? from.workload : undefined;
  const pods = s.workloadsInCidr(cidr).filter((w) => w !== self).map((w) => ({ label: `${w.namespace}/${w.name} (pod IP in ${text})`,
    endpoint: { workload: w } as Endpoint }));
  // From an address no policy applies on the source side: the block is one piece.
  if (!self) return { targets: [{ label: rangeName(whole), endpoint: { ip: { family: cidr.family, value: cidr.first } } }, ...pods] };
  const cuts = new Set<bigint>([whole.first]);
  for (const r of externalRanges(s, self, 'egress', [cidr.family])) {
    if (r.range.first > whole.first && r.range.first <= whole.last) cuts.add(r.range.first);
    if (r.range.last + 1n > whole.first && r.range.last + 1n <= whole.last) cuts.add(r.range.last + 1n);
  }
  const points = [...cuts].sort((a, b) => (a < b ? -1 : 1));
  const external = points.map((first, i) => {
    const last = i + 1 < points.length ? points[i + 1]! - 1n : whole.last;
    const label = rangeName({ family: cidr.family, first, last });
    return { label, endpoint: { ip: { family: cidr.family, value: first } } as Endpoint };
  });
  return { targets: [...external, ...pods] };
}
