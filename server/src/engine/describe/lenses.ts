// Code lens titles: above a policy, what it selects and allows; above a workload, whether it
// is isolated and how many workloads reach it and it reaches. Plain data, offsets only.
import { PortSet } from '../port-set';
import type { ManifestObject } from '../parse-manifests';
import { countMatched } from '../peer-count';
import { ruleOpening } from '../rule-admits';
import type { PeerAnalysis, PolicyAnalysis, RuleAnalysis, Snapshot } from '../snapshot';
import type { Direction, Policy, Workload } from '../types';
import { count, portSetPhrase } from './phrases';
import { reachableFrom, reaches, type Reach } from './reach';
import { tieredWorkloadLens } from '../cluster-policy/lens';

/** One lens: where it sits, its title, and the offset whose hover explains it (on click). */
export interface LensInfo {
  offset: number;
  title: string;
  explainAt: number;
  kind: 'policy' | 'workload';
}

const titleOf = new WeakMap<PolicyAnalysis, string>();

/**
 * "selects 2 workloads · ingress: from 1 workload on TCP 5432 · egress: denied". The title is a
 * function of the policy's analysis alone (no spans), so it is computed once per analysis: an
 * edit recomputes the lenses of the policies it touched, not of the whole file.
 */
export function policyLens(s: Snapshot, policy: Policy): string {
  const a = s.analyze(policy);
  let title = titleOf.get(a);
  if (title === undefined) titleOf.set(a, (title = policyTitle(s, policy, a)));
  return title;
}

function policyTitle(s: Snapshot, policy: Policy, a: PolicyAnalysis): string {
  const parts = [`selects ${count(a.selected.length, 'workload')}${a.selected.length === 0 ? ` in ${policy.namespace}` : ''}`];
  for (const dir of ['ingress', 'egress'] as Direction[]) {
    if (!policy.isolates[dir]) {
      // Rules of a direction policyTypes leaves out do nothing; say so rather than stay silent.
      if (policy[dir].length > 0) parts.push(`${dir}: rules ignored (not in policyTypes)`);
      continue;
    }
    parts.push(a[dir].length === 0 ? `${dir}: denied` : `${dir}: ${directionSummary(s, dir, a.selected, a[dir])}`);
  }
  return parts.join(' · ');
}

/**
 * "from 1 workload + 1 address block on TCP 5432" over every rule of one direction. Only what a
 * rule opens a port to counts (ruleOpening): a pod without the named port, or reached only
 * through an ipBlock by named ports, is not admitted.
 */
function directionSummary(s: Snapshot, dir: Direction, selected: readonly Workload[], rules: readonly RuleAnalysis[]): string {
  let anywhere = false;
  let ranges = 0;
  let ports = PortSet.EMPTY;
  let unresolved = false;
  const peers: PeerAnalysis[] = [];
  const keep = new Map<PeerAnalysis, (w: Workload) => boolean>();
  const everywhere: ((w: Workload) => boolean)[] = [];
  for (const ra of rules) {
    const o = ruleOpening(s, ra, selected);
    ports = ports.union(o.ports);
    unresolved ||= o.unresolved;
    anywhere ||= o.anywhere;
    ranges += o.blocks;
    for (const p of o.peers) peers.push(p);
    for (const [p, f] of o.keep) keep.set(p, f);
    if (o.everyWorkload) everywhere.push(o.everyWorkload);
  }
  // Counted on the index: listing every match of every peer cost most of a big file's lenses.
  // A rule without `to` that opens only named ports (rare) is the one case that scans workloads.
  const admits = (w: Workload) => everywhere.some((f) => f(w)) || peers.some((p) => p.matches(w) && (keep.get(p)?.(w) ?? true));
  let matched = anywhere ? 0 : everywhere.length ? s.workloads.filter(admits).length : countMatched(s, peers, keep);
  // As in flows, a workload's traffic to itself is no flow: a policy selecting one workload does
  // not count it as its own peer (with more selected, each has another to talk to).
  if (matched > 0 && selected.length === 1 && admits(selected[0]!)) matched--;
  const who = anywhere ? 'anywhere' : [matched || !ranges ? count(matched, 'workload') : '', ranges ? count(ranges, 'address block') : ''].filter(Boolean).join(' + ');
  const on = ports.isEmpty() ? (unresolved ? 'a named port no destination has' : 'no port')
    : `${portSetPhrase(ports)}${unresolved ? ' (and a named port no destination has)' : ''}`;
  return `${dir === 'ingress' ? 'from' : 'to'} ${who} on ${on}`;
}

/** "3 workloads", "3 workloads + 1 address block", "3 workloads + any address". */
function reachPhrase(r: Reach): string {
  const extra = r.anywhere ? ' + any address' : r.addressBlocks ? ` + ${count(r.addressBlocks, 'address block')}` : '';
  return `${count(r.workloads.length, 'workload')}${extra}`;
}

/**
 * "isolated for ingress by 2 policies · reachable from 3 workloads · egress: not isolated", or
 * "not isolated: any pod can reach it · ..." when no policy isolates it for ingress.
 */
export function workloadLens(s: Snapshot, w: Workload): string {
  if (!s.tiers.empty) return tieredWorkloadLens(s, w, reachPhrase);
  const iso = s.isolation(w);
  const parts: string[] = [];
  if (iso.ingress.length === 0) parts.push('not isolated: any pod can reach it');
  else parts.push(`isolated for ingress by ${count(iso.ingress.length, 'policy', 'policies')} · reachable from ${reachPhrase(reachableFrom(s, w))}`);
  if (iso.egress.length === 0) parts.push('egress: not isolated');
  else parts.push(`egress isolated by ${count(iso.egress.length, 'policy', 'policies')} · reaches ${reachPhrase(reaches(s, w))}`);
  return parts.join(' · ');
}

/** The offset of an object's `kind` value, whose hover is the object's whole explanation. */
function kindValueOffset(obj: ManifestObject | undefined, fallback: number): number {
  const v = obj?.src.get(obj.node, 'kind')?.value;
  return obj && v?.range ? obj.src.span(v).start : fallback;
}

/**
 * The lenses of one file: one above each policy and each workload it defines. `objects` are the
 * file's parsed objects; a lens's explanation is the hover at `explainAt`.
 */
export function fileLenses(s: Snapshot, file: string, objects: readonly ManifestObject[]): LensInfo[] {
  const byStart = new Map(objects.map((o) => [o.span.start, o]));
  const out: LensInfo[] = [];
  const lens = (kind: LensInfo['kind'], offset: number, title: string) => out.push({ offset, title, explainAt: kindValueOffset(byStart.get(offset), offset), kind });
  for (const p of s.policies) if (p.file === file) lens('policy', p.span.start, policyLens(s, p));
  for (const w of s.workloads) if (w.file === file) lens('workload', w.span.start, workloadLens(s, w));
  return out.sort((a, b) => a.offset - b.offset);
}
