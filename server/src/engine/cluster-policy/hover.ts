// The hover on a cluster policy rule (its action, tier and priority in one sentence, with what that
// means for the tiers after it) and the outline entries; describe/hover.ts and symbols.ts call here.
import type { PathAt } from '../path-at';
import type { Snapshot } from '../snapshot';
import type { Span } from '../types';
import type { ClusterPolicy, ClusterRule } from './types';

const PREFIX = { ClusterNetworkPolicy: 'cnp', AdminNetworkPolicy: 'anp', BaselineAdminNetworkPolicy: 'banp' } as const;

/** The cluster policy an object defines, if any. */
export function clusterPolicyOf(s: Snapshot, at: PathAt): ClusterPolicy | undefined {
  return s.clusterPolicies.find((p) => p.file === at.object.file && p.span.start === at.object.span.start);
}

/** Markdown for the hover inside a rule of a cluster policy (`spec.ingress[i]…`), else undefined. */
export function clusterRuleHover(s: Snapshot, at: PathAt): string | undefined {
  const p = clusterPolicyOf(s, at);
  const [spec, dir, index] = at.path;
  if (!p || spec !== 'spec' || (dir !== 'ingress' && dir !== 'egress') || typeof index !== 'number') return undefined;
  const rule = p[dir][index];
  return rule ? ruleSentence(p, rule) : undefined;
}

/** One sentence: the action, the tier and priority, and what comes next for matching traffic. */
export function ruleSentence(p: ClusterPolicy, rule: ClusterRule): string {
  const where = `${rule.direction}[${rule.index}] of ${PREFIX[p.origin]}/${p.name}, ${p.tier} tier`
    + (p.priority === undefined ? '' : `, priority ${p.priority}`);
  const traffic = rule.direction === 'ingress' ? 'traffic into the subject pods' : 'traffic from the subject pods';
  const written = rule.actionWritten && rule.actionWritten !== rule.action ? ` (written \`${rule.actionWritten}\`)` : '';
  if (rule.broken && rule.action === 'Accept') return `**Matches nothing** (${where}): a part of this Accept rule is invalid, and it fails closed.`;
  if (rule.broken) return `**Denies all** ${traffic} (${where}): a part of this rule is invalid, and a ${rule.action} rule fails closed.`;
  const later = p.tier === 'Admin' ? 'no NetworkPolicy or Baseline rule is consulted' : 'nothing after it is consulted';
  if (rule.action === 'Pass') {
    const next = p.tier === 'Admin' ? 'the NetworkPolicies selecting the pod decide (else the Baseline tier)' : 'the default applies (allowed)';
    return `**Passes** matching ${traffic}${written} (${where}): the rest of the ${p.tier} tier is skipped and ${next}.`;
  }
  const first = p.tier === 'Baseline' ? ' unless an Admin rule or a NetworkPolicy selecting the pod decided first' : '';
  const verb = rule.action === 'Accept' ? '**Accepts**' : '**Denies**';
  return `${verb} matching ${traffic}${written} (${where})${first}: ${later}; earlier rules and lower priority numbers come first.`;
}

/** One cluster policy in a file's outline. */
export interface ClusterSymbol {
  name: string;
  detail: string;
  span: Span;
  selection: Span;
  rules: { name: string; detail: string; span: Span }[];
}

/** Outline entries of a file's cluster policies: `cnp/NAME` (tier, priority) with its rules as `ingress[0]: Pass`. */
export function clusterSymbols(s: Snapshot, file: string): ClusterSymbol[] {
  return s.clusterPolicies.filter((p) => p.file === file).map((p) => ({
    name: `${PREFIX[p.origin]}/${p.name}`,
    detail: `${p.tier} tier${p.priority === undefined ? '' : `, priority ${p.priority}`}`,
    span: p.span,
    selection: p.nameSpan && p.nameSpan.start >= p.span.start && p.nameSpan.end <= p.span.end ? p.nameSpan : p.span,
    rules: [...p.ingress, ...p.egress].map((r) => ({ name: `${r.direction}[${r.index}]`, detail: `${r.action}${r.name ? ` "${r.name}"` : ''}`, span: r.span })),
  }));
}
