// Code lens titles: above a policy, what it selects and allows; above a workload, whether it
// is isolated and how many workloads reach it and it reaches. Plain data, offsets only.
import type { PortSet } from '../port-set';
import type { ManifestObject } from '../parse-manifests';
import { countMatched } from '../peer-count';
import { ruleOpening, type RuleOpening } from '../rule-admits';
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
  /** What the lens is about, `namespace/name`: the explanation's title. */
  subject: string;
}

const titleOf = new WeakMap<PolicyAnalysis, string>();

/**
 * "selects 2 workloads in the workspace · ingress: from 1 workload on TCP 5432 · egress: isolated,
 * allows nothing itself". The title is a
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
  // Counts are of the workspace: the cluster may run pods the manifests here do not show.
  const parts = [`selects ${count(a.selected.length, 'workload')}${a.selected.length === 0 ? ` of namespace ${policy.namespace}` : ''} in the workspace`];
  for (const dir of ['ingress', 'egress'] as Direction[]) {
    if (!policy.isolates[dir]) {
      // Rules of a direction policyTypes leaves out do nothing; say so rather than stay silent.
      if (policy[dir].length > 0) parts.push(`${dir}: rules ignored (not in policyTypes)`);
      continue;
    }
    // A policy without rules only isolates: other policies selecting the pods may still allow.
    parts.push(a[dir].length === 0 ? `${dir}: isolated, allows nothing itself`
      : `${dir}: ${directionOpenings(s, a.selected, a[dir]).map((o) => openingPhrase(dir, o)).join('; ')}`);
  }
  return parts.join(' · ');
}

/** What the rules of one direction that open the same ports admit together (one lens clause). */
export interface Opening {
  /** The indexes of the rules in this clause. */
  rules: number[];
  ports: PortSet;
  /** A named port of these rules resolves on no destination (no selected pod, for ingress). */
  unresolved: boolean;
  /** The rules' selector peers match no workload at all (so named ports have nowhere to resolve). */
  noPeerMatch: boolean;
  /** Other workloads admitted (the one selected workload is not its own peer). */
  workloads: number;
  blocks: number;
  anywhere: boolean;
}

/**
 * The rules of one direction grouped by the ports they open, each group with the peers it
 * admits: a rule's peers go with that rule's ports, never with another rule's. Only what a rule
 * opens a port to counts (ruleOpening): a pod without the named port, or reached only through an
 * ipBlock by named ports, is not admitted.
 */
export function directionOpenings(s: Snapshot, selected: readonly Workload[], rules: readonly RuleAnalysis[]): Opening[] {
  const groups = new Map<string, { rules: RuleAnalysis[]; openings: RuleOpening[] }>();
  for (const ra of rules) {
    const o = ruleOpening(s, ra, selected);
    const key = `${o.ports.key()}\0${o.unresolved}\0${o.noPeerMatch}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { rules: [], openings: [] }));
    g.rules.push(ra);
    g.openings.push(o);
  }
  return [...groups.values()].map((g) => opening(s, selected, g.rules, g.openings));
}

function opening(s: Snapshot, selected: readonly Workload[], rules: readonly RuleAnalysis[], openings: readonly RuleOpening[]): Opening {
  let anywhere = false;
  let blocks = 0;
  const peers: PeerAnalysis[] = [];
  const keep = new Map<PeerAnalysis, (w: Workload) => boolean>();
  const everywhere: ((w: Workload) => boolean)[] = [];
  for (const o of openings) {
    anywhere ||= o.anywhere;
    blocks += o.blocks;
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
  const o0 = openings[0]!;
  return { rules: rules.map((ra) => ra.rule.index), ports: o0.ports, unresolved: o0.unresolved, noPeerMatch: o0.noPeerMatch, workloads: matched, blocks,
    anywhere };
}

/** "from 1 workload + 1 address block on TCP 5432", "to 0 workloads: its peers match none in the workspace". */
function openingPhrase(dir: Direction, o: Opening): string {
  const word = dir === 'ingress' ? 'from' : 'to';
  if (o.noPeerMatch) return `${word} 0 workloads: the peers match none`;
  const who = o.anywhere ? 'anywhere' : [o.workloads || !o.blocks ? count(o.workloads, 'workload') : '', o.blocks ? count(o.blocks, 'address block')
    : ''].filter(Boolean).join(' + ');
  const missing = dir === 'ingress' ? 'a named port no selected pod has' : 'a named port no destination has';
  const on = o.ports.isEmpty() ? (o.unresolved ? missing : 'no port') : `${portSetPhrase(o.ports)}${o.unresolved ? ` (and ${missing})` : ''}`;
  return `${word} ${who} on ${on}`;
}

/** "3 workloads", "3 workloads + 1 address block", "3 workloads + any address". */
function reachPhrase(r: Reach): string {
  const extra = r.anywhere ? ' + any address' : r.addressBlocks ? ` + ${count(r.addressBlocks, 'address block')}` : '';
  return `${count(r.workloads.length, 'workload')}${extra}`;
}

/**
 * "isolated for ingress by 2 policies · reachable from 3 workloads in the workspace · egress: not
 * isolated", or "ingress: not isolated · ..." when no policy isolates it for ingress.
 */
export function workloadLens(s: Snapshot, w: Workload): string {
  if (!s.tiers.empty) return tieredWorkloadLens(s, w, reachPhrase);
  const iso = s.isolation(w);
  const parts: string[] = [];
  // Not isolated for ingress: every source whose own egress allows it may connect (not "any pod").
  if (iso.ingress.length === 0) parts.push('ingress: not isolated');
  else parts.push(`isolated for ingress by ${count(iso.ingress.length, 'policy', 'policies')} · reachable from ${reachPhrase(reachableFrom(s, w))} in the ` +
    `workspace`);
  if (iso.egress.length === 0) parts.push('egress: not isolated');
  else parts.push(`egress isolated by ${count(iso.egress.length, 'policy', 'policies')} · reaches ${reachPhrase(reaches(s, w))} in the workspace`);
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
  const lens = (kind: LensInfo['kind'], x: Policy | Workload, title: string) => {
    out.push({ offset: x.span.start, title, explainAt: kindValueOffset(byStart.get(x.span.start), x.span.start), kind, subject: `${x.namespace}/${x.name}` });
  };
  for (const p of s.policies) if (p.file === file) lens('policy', p, policyLens(s, p));
  for (const w of s.workloads) if (w.file === file) lens('workload', w, workloadLens(s, w));
  return out.sort((a, b) => a.offset - b.offset);
}
