// What every semantic check receives (the snapshot, the file, its policies and, for open
// documents, its text and yaml objects, needed only to build fixes) and the helpers they share.
import type { CheckInfo } from '../check-catalog';
import type { ManifestObject } from '../parse-manifests';
import { detectIndentStyle, type IndentStyle } from '../refactor/indent-style';
import type { PeerAnalysis, PolicyAnalysis, RuleAnalysis, Snapshot } from '../snapshot';
import type { Direction, Finding, Policy, Rule, Span } from '../types';

/** The inputs of the checks for one file. */
export interface CheckContext {
  s: Snapshot;
  file: string;
  policies: Policy[];
  text?: string;
  objects?: readonly ManifestObject[];
  /** The text's indentation style, read once per run by `styleOf`. */
  style?: IndentStyle;
}

/** A semantic check: its catalog row (id = diagnostic code) and what it finds in one file. */
export interface Check extends CheckInfo {
  run(ctx: CheckContext): Finding[];
}

/** Both rule directions, in the order findings are produced. */
export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** One analyzed rule of the context's policies, with where it sits. */
export interface RuleVisit { policy: Policy; analysis: PolicyAnalysis; dir: Direction; rule: RuleAnalysis }

/** Every analyzed rule of the context's policies, ingress before egress, in file order. */
export function* analyzedRules(ctx: CheckContext): Generator<RuleVisit> {
  for (const policy of ctx.policies) {
    const analysis = ctx.s.analyze(policy);
    for (const dir of DIRECTIONS) for (const rule of analysis[dir]) yield { policy, analysis, dir, rule };
  }
}

/**
 * Every written rule of a direction its policy isolates, ingress before egress, in file order:
 * rules of a direction the policy does not isolate do nothing (the *-rules-ignored checks say so).
 */
export function* isolatingRules(ctx: CheckContext): Generator<{ policy: Policy; dir: Direction; rule: Rule }> {
  for (const policy of ctx.policies) {
    for (const dir of DIRECTIONS) if (policy.isolates[dir]) for (const rule of policy[dir]) yield { policy, dir, rule };
  }
}

/** Every analyzed peer of the context's policies, with its rule. */
export function* analyzedPeers(ctx: CheckContext): Generator<RuleVisit & { peer: PeerAnalysis }> {
  for (const v of analyzedRules(ctx)) for (const peer of v.rule.peers ?? []) yield { ...v, peer };
}

/** The word that holds a rule's peers: `from` for ingress, `to` for egress. */
export function peerKey(dir: Direction): 'from' | 'to' {
  return dir === 'ingress' ? 'from' : 'to';
}

/**
 * A value derived from an engine object, computed once per object. Keys are immutable snapshot
 * pieces (a Snapshot, its WorkloadIndex, a PolicyAnalysis): a new state is a new key, so these
 * memos never need clearing, and they hold no spans (spans of reused sections move in place).
 */
export function memo<K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** Items grouped by a key (undefined: left out), in their order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = m.get(k);
    if (list) list.push(item); else m.set(k, [item]);
  }
  return m;
}

const objectsByStart = new WeakMap<readonly ManifestObject[], Map<number, ManifestObject>>();

/** The yaml object of a policy, when the file's trees are kept (constant time per lookup). */
export function objectOf(ctx: Pick<CheckContext, 'objects'>, policy: Policy): ManifestObject | undefined {
  const objects = ctx.objects;
  if (!objects) return undefined;
  return memo(objectsByStart, objects, () => new Map(objects.map((o) => [o.span.start, o]))).get(policy.span.start);
}

/** The indentation style of the context's text (read once: it samples 64 KB of the file). */
export function styleOf(ctx: CheckContext): IndentStyle {
  return (ctx.style ??= detectIndentStyle(ctx.text ?? ''));
}

/** Builds a finding of this file with the check's default severity; spans are copied. */
export function finding(ctx: CheckContext, check: CheckInfo, span: Span, message: string, extra: Partial<Finding> = {}): Finding {
  const f: Finding = { id: check.id, severity: check.severity, file: ctx.file, span: { start: span.start, end: span.end }, message, ...extra };
  if (f.related) f.related = f.related.map((r) => ({ ...r, span: { start: r.span.start, end: r.span.end } }));
  if (f.fixes && f.fixes.length === 0) delete f.fixes;
  return f;
}

/** `ns/name` of the first few workloads, "and N more" after them. */
export function listWorkloads(ws: readonly { namespace: string; name: string }[], max = 3): string {
  const shown = ws.slice(0, max).map((w) => `${w.namespace}/${w.name}`).join(', ');
  return ws.length > max ? `${shown} and ${ws.length - max} more` : shown;
}
