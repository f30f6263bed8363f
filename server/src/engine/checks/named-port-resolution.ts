// How a named port of a rule resolves: on the selected pods for ingress, on the peer pods for
// egress (never on an ipBlock, SEMANTICS.md "Ports"). Answered from an index of the workspace's
// container-port names, once per rule analysis, so a keystroke re-resolves only edited policies.
import type { PolicyAnalysis, RuleAnalysis, Snapshot } from '../snapshot';
import type { PolicyPort, Workload } from '../types';
import type { WorkloadIndex } from '../workload-index';
import { memo } from './context';
import { peerReach } from './peer-reach';
import { closest } from './closest-name';

/** Distinct numbers collected before a resolution stops looking (enough to show ambiguity). */
const MAX_NUMBERS = 5;

/** What a named port resolves to. */
export interface PortResolution {
  /** The numbers it resolves to (at most five), each with one workload that has it. */
  numbers: Map<number, Workload>;
  /** Whether the rule has destination workloads to resolve on at all. */
  destinations: boolean;
  /** Whether a destination namespace's content is unknown (an unindexed system namespace). */
  unknown: boolean;
}

/** Workloads holding a container port name, by `protocol/name`, then by namespace. */
interface Holders { all: Workload[]; byNs: Map<string, Workload[]> }

const holderIndex = new WeakMap<WorkloadIndex, Map<string, Holders>>();

/** The index of container-port names of the workspace (built once per set of workloads). */
export function portHolders(s: Snapshot): Map<string, Holders> {
  return memo(holderIndex, s.index, () => {
    const m = new Map<string, Holders>();
    for (const w of s.workloads) {
      for (const cp of w.ports) {
        if (!cp.name) continue;
        const key = `${cp.protocol}/${cp.name}`;
        let h = m.get(key);
        if (!h) m.set(key, (h = { all: [], byNs: new Map() }));
        if (h.all[h.all.length - 1] === w) continue;
        h.all.push(w);
        const list = h.byNs.get(w.namespace);
        if (list) list.push(w); else h.byNs.set(w.namespace, [w]);
      }
    }
    return m;
  });
}

function collect(out: Map<number, Workload>, w: Workload, port: PolicyPort): void {
  for (const cp of w.ports) if (cp.name === port.port && cp.protocol === port.protocol && !out.has(cp.port)) out.set(cp.port, w);
}

function resolve(s: Snapshot, a: PolicyAnalysis, ra: RuleAnalysis, port: PolicyPort): PortResolution {
  const numbers = new Map<number, Workload>();
  const holders = portHolders(s).get(`${port.protocol}/${String(port.port)}`);
  if (ra.rule.direction === 'ingress') {
    for (const w of a.selected) { collect(numbers, w, port); if (numbers.size >= MAX_NUMBERS) break; }
    return { numbers, destinations: a.selected.length > 0, unknown: false };
  }
  if (!ra.peers) {
    // No `to`: every workload of the workspace is a destination.
    for (const w of holders?.all ?? []) { collect(numbers, w, port); if (numbers.size >= MAX_NUMBERS) break; }
    return { numbers, destinations: s.workloads.length > 0, unknown: false };
  }
  let destinations = false, unknown = false;
  for (const pa of ra.peers) {
    if (pa.peer.kind !== 'pods') continue; // a named port never resolves on an ipBlock
    const reach = peerReach(s, pa);
    destinations ||= reach.matchesSome;
    unknown ||= !reach.known;
    for (const ns of pa.namespaces) {
      for (const w of holders?.byNs.get(ns) ?? []) {
        if (numbers.size >= MAX_NUMBERS) break;
        if (pa.matches(w)) collect(numbers, w, port);
      }
    }
  }
  return { numbers, destinations, unknown };
}

const resolutions = new WeakMap<RuleAnalysis, Map<PolicyPort, PortResolution>>();

/** How a named port item of a rule resolves (memoized with the rule's analysis). */
export function resolveNamedPort(s: Snapshot, a: PolicyAnalysis, ra: RuleAnalysis, port: PolicyPort): PortResolution {
  const byPort = memo(resolutions, ra, () => new Map<PolicyPort, PortResolution>());
  let r = byPort.get(port);
  if (!r) byPort.set(port, (r = resolve(s, a, ra, port)));
  return r;
}

/** The named, valid port items of a rule. */
export function namedPorts(ra: RuleAnalysis): PolicyPort[] {
  return (ra.rule.ports ?? []).filter((p) => typeof p.port === 'string' && !p.invalid);
}

/** Whether an egress rule's peers are all ipBlocks (where named ports match nothing). */
export function onlyIpBlocks(ra: RuleAnalysis): boolean {
  return ra.rule.direction === 'egress' && !!ra.peers && ra.peers.length > 0 && ra.peers.every((x) => x.peer.kind === 'ipBlock');
}

/** The closest container-port name of the workspace to a misspelt one, if any is close. */
export function closestPortName(s: Snapshot, port: PolicyPort): string | undefined {
  const prefix = `${port.protocol}/`;
  const names = [...portHolders(s).keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  return closest(String(port.port), names);
}
