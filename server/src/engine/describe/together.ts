// What all the policies selecting a policy's pods allow together in one direction: a policy
// alone says little when it only isolates (a deny-all), since policies are additive.
import type { Snapshot } from '../snapshot';
import type { Direction, Policy, Workload } from '../types';
import { joinAnd, rulePhrase } from './phrases';
import { MAX_LISTED, type LinkFn } from './hover-selection';

/**
 * Per group of the policy's selected workloads that the same policies isolate in `dir`: the
 * workloads, then every rule of those policies in one sentence (or that there is none).
 */
export function togetherText(s: Snapshot, policy: Policy, dir: Direction, link: LinkFn): string {
  const selected = s.analyze(policy).selected;
  if (selected.length === 0) return `This policy selects no workload in the workspace: there is nothing to combine for ${dir}.`;
  const groups = new Map<string, { workloads: Workload[]; policies: Policy[] }>();
  for (const w of selected) {
    const iso = s.isolation(w)[dir];
    const key = iso.map((a) => `${a.policy.file}\0${a.policy.span.start}`).join('\n');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { workloads: [], policies: iso.map((a) => a.policy) }));
    g.workloads.push(w);
  }
  const parts = [`**What the policies selecting these pods allow together (${dir}, in the workspace):**`];
  for (const g of [...groups.values()].slice(0, MAX_LISTED)) {
    const names = g.policies.map((p) => link(p.file, p.span.start, `${p.namespace}/${p.name}`));
    const rules = g.policies.flatMap((p) => p[dir].map((r) => `- ${p.namespace}/${p.name} ${dir}[${r.index}]: ${rulePhrase(p, r, s.analyze(p))}`));
    const allowed = rules.length ? rules.join('\n')
      : `- nothing: no policy selecting ${g.workloads.length === 1 ? 'it' : 'them'} has an ${dir} rule${dir === 'egress' ? ' (not even DNS)' : ''}`;
    const shown = g.workloads.slice(0, MAX_LISTED).map((w) => `${w.kind} ${link(w.file, w.span.start, `${w.namespace}/${w.name}`)}`);
    const more = g.workloads.length > MAX_LISTED ? ` and ${g.workloads.length - MAX_LISTED} more` : '';
    parts.push(`For ${joinAnd(shown)}${more}, isolated for ${dir} by ${joinAnd(names)}:\n${allowed}`);
  }
  if (groups.size > MAX_LISTED) parts.push(`… and ${groups.size - MAX_LISTED} more groups of workloads`);
  return parts.join('\n\n');
}
