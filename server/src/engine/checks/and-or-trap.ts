// and-or-trap: a namespace-only peer next to a pod-only peer in one from/to list is two peers
// (OR: any pod of those namespaces, or those pods of this namespace), where one peer with both
// selectors (AND: those pods in those namespaces) was most likely meant. Not when the AND would be
// the namespace peer itself, or when the workspace shows the OR is meant (orIsEvident).
import { isMap, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { namespacePhrase, peerPhrase, podPhrase } from '../describe/phrases';
import type { ManifestObject } from '../parse-manifests';
import type { Finding, Fix, Peer, Policy, Rule, TextEdit } from '../types';
import { isEmptySelector } from '../label-selector';
import type { RuleAnalysis, Snapshot } from '../snapshot';
import { peerReach } from './peer-reach';
import { DIRECTIONS, finding, objectOf, peerKey, type Check, type CheckContext } from './context';
import { writesJson } from '../json-style';
import { isFlow, lineEnd, lineStart, newline } from '../yaml-edits';

/** The comment the second fix writes; a list under such a comment is an acknowledged OR. */
const OR_COMMENT = '# OR:';

type PodsPeer = Extract<Peer, { kind: 'pods' }>;

/** Where a rule's from/to list is written, and where a comment about it goes. */
interface ListAt {
  obj: ManifestObject;
  seq: YAMLSeq;
  /** The offset whose line the comment goes above: the list's key, or the first flow collection around it. */
  anchor: number;
}

function locate(ctx: CheckContext, p: Policy, rule: Rule): ListAt | undefined {
  const obj = objectOf(ctx, p);
  if (!obj) return undefined;
  const src = obj.src;
  const specEntry = src.get(obj.node, 'spec');
  const dirEntry = src.get(specEntry?.value, rule.direction);
  const dirSeq = dirEntry?.value;
  if (!isSeq(dirSeq) || dirEntry!.pair.value !== dirSeq) return undefined;
  // The rule's own node, never an alias (its text would be elsewhere).
  const ruleNode = dirSeq.items.find((n) => isMap(n) && src.span(n as Node).start === rule.span.start) as YAMLMap | undefined;
  const listEntry = ruleNode && src.get(ruleNode, peerKey(rule.direction));
  const seq = listEntry?.value;
  if (!isSeq(seq) || listEntry!.pair.value !== seq) return undefined;
  // A comment cannot sit inside a flow collection: go up to the line that opens the outermost one.
  const chain: [Node, number][] = [
    [obj.node, src.span(obj.node).start],
    [specEntry!.value!, src.span(specEntry!.pair.key as Node).start],
    [dirSeq, src.span(dirEntry!.pair.key as Node).start],
    [ruleNode!, src.span(ruleNode!).start],
  ];
  const flow = chain.find(([n]) => isFlow(n));
  return { obj, seq, anchor: flow ? flow[1] : src.span(listEntry!.pair.key as Node).start };
}

/** Whether the line above the anchor's line is the `# OR:` comment (the second fix's, or the user's). */
function acknowledged(text: string, anchor: number): boolean {
  const ls = lineStart(text, anchor);
  if (ls === 0) return false;
  return text.slice(lineStart(text, ls - 1), ls).trim().startsWith(OR_COMMENT);
}

/** Merge two adjacent block items: drop the second's `- `, and re-indent its lines to the first's key column if they differ. */
function mergeBlock(ctx: CheckContext, at: ListAt, a: Node, b: Node): TextEdit[] | undefined {
  const text = ctx.text!;
  const src = at.obj.src;
  const as = src.span(a), bs = src.span(b);
  const aPrefix = /^( *)-( +)$/.exec(text.slice(lineStart(text, as.start), as.start));
  const bLine = lineStart(text, bs.start);
  const bPrefix = /^( *)-( +)$/.exec(text.slice(bLine, bs.start));
  if (!aPrefix || !bPrefix) return undefined;
  const aCol = aPrefix[0].length, bCol = bPrefix[0].length;
  const dash = bLine + bPrefix[1]!.length;
  if (aCol === bCol) return [{ file: ctx.file, span: { start: dash, end: dash + 1 }, newText: ' ' }];
  // Different spacing after the dashes: move every line of the second item by the difference.
  const edits: TextEdit[] = [{ file: ctx.file, span: { start: bLine, end: bs.start }, newText: ' '.repeat(aCol) }];
  const delta = aCol - bCol;
  for (let i = text.indexOf('\n', bs.start); i >= 0 && i + 1 < bs.end; i = text.indexOf('\n', i + 1)) {
    const ls = i + 1;
    const line = text.slice(ls, lineEnd(text, ls));
    if (line.trim() === '') continue;
    if (delta > 0) { edits.push({ file: ctx.file, span: { start: ls, end: ls }, newText: ' '.repeat(delta) }); continue; }
    if (!line.startsWith(' '.repeat(-delta))) return undefined;
    edits.push({ file: ctx.file, span: { start: ls, end: ls - delta }, newText: '' });
  }
  return edits;
}

/** Merge two adjacent flow maps: `{a: ...}, {b: ...}` becomes `{a: ..., b: ...}`. */
function mergeFlow(ctx: CheckContext, at: ListAt, a: YAMLMap, b: YAMLMap): TextEdit[] | undefined {
  const text = ctx.text!;
  const src = at.obj.src;
  const lastA = a.items[a.items.length - 1], firstB = b.items[0];
  if (!lastA || !firstB) return undefined;
  const from = src.pairSpan(lastA).end;
  const to = src.span(firstB.key as Node).start;
  // Only brackets, a comma or a dash, and blanks between: no comment or anchor is lost.
  if (!/^\s*,?\s*\}\s*[,-]?\s*\{\s*$/.test(text.slice(from, to))) return undefined;
  return [{ file: ctx.file, span: { start: from, end: to }, newText: ', ' }];
}

function fixes(ctx: CheckContext, at: ListAt | undefined, p: Policy, peers: Peer[], first: number, second: number, ns: PodsPeer, pod: PodsPeer): Fix[] {
  const text = ctx.text;
  if (!text || !at) return [];
  const out: Fix[] = [];
  const src = at.obj.src;
  const a = at.seq.items[first] as Node | undefined, b = at.seq.items[second] as Node | undefined;
  // The items at those positions must be the peers the model read (not aliases of them), and
  // nothing anchored: an alias elsewhere (`to: *peers`) would change with them.
  const anchored = !!(at.seq.anchor || (a as { anchor?: string } | undefined)?.anchor || (b as { anchor?: string } | undefined)?.anchor);
  if (!anchored && second === first + 1 && isMap(a) && isMap(b) && src.span(a).start === peers[first]!.span.start &&
    src.span(b).start === peers[second]!.span.start) {
    const edits = !isFlow(a) && !isFlow(b) && !isFlow(at.seq) ? mergeBlock(ctx, at, a, b) : isFlow(a) && isFlow(b) ? mergeFlow(ctx, at, a, b) : undefined;
    if (edits) out.push({ title: `Merge into one peer (AND): ${podPhrase(pod.podSelector)} in ${namespacePhrase(ns.namespaceSelector!)}`, preferred: true,
      edits });
  }
  if (!writesJson(ctx.file, at.obj)) {
    const ls = lineStart(text, at.anchor);
    const indent = /^ */.exec(text.slice(ls, at.anchor))![0];
    const comment = `${indent}${OR_COMMENT} ${peerPhrase(ns, p.namespace)}, or ${peerPhrase(pod, p.namespace)} (two peers, on purpose)${newline(text)}`;
    out.push({ title: 'Keep the OR: add a comment saying so', edits: [{ file: ctx.file, span: { start: ls, end: ls }, newText: comment }] });
  }
  return out;
}

/**
 * Whether the workspace shows the two peers are meant as two (OR): each matches workloads of the
 * workspace, and the AND (the pod selector inside the namespace peer's namespaces) would match
 * none of them. Merging would then replace two peers that admit real workloads with one that
 * admits no workload the workspace describes: in the classic mistake the pod-only peer matches
 * nothing in the policy's namespace, because the pods it names live in the other namespaces.
 */
function orIsEvident(s: Snapshot, ra: RuleAnalysis | undefined, nsOnly: number, podOnly: number): boolean {
  const nsPa = ra?.peers?.[nsOnly], podPa = ra?.peers?.[podOnly];
  if (!nsPa || !podPa || nsPa.peer.kind !== 'pods' || podPa.peer.kind !== 'pods') return false;
  const podSel = podPa.peer.podSelector!;
  if (!peerReach(s, nsPa).matchesSome || !peerReach(s, podPa).matchesSome) return false;
  return !nsPa.namespaces.some((ns) => s.index.any(ns, podSel));
}

/** A namespace-only peer next to a pod-only peer; fixes: merge into one peer, or a comment. */
export const andOrTrap: Check = {
  id: 'and-or-trap',
  severity: 'warning',
  summary: 'A namespace-only peer next to a pod-only peer: two peers (OR) where one (AND) was likely meant; not reported next to podSelector: {} (the AND ' +
    'would be the namespace peer itself) or when both peers match workspace workloads and the AND would match none; fixes: merge, or a comment.',
  example: '- namespaceSelector: {...}\\n- podSelector: {...}',
  run(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.policies) {
      for (const dir of DIRECTIONS) {
        for (const [i, rule] of p[dir].entries()) {
          const peers = rule.peers ?? [];
          const nsOnly = peers.findIndex((x) => x.kind === 'pods' && !!x.namespaceSelector && !x.podSelector);
          const podOnly = peers.findIndex((x) => x.kind === 'pods' && !!x.podSelector && !x.namespaceSelector);
          if (nsOnly < 0 || podOnly < 0) continue;
          const ns = peers[nsOnly] as PodsPeer, pod = peers[podOnly] as PodsPeer;
          // `podSelector: {}` is every pod of the policy's namespace, and the AND of it with a
          // namespaceSelector is every pod of those namespaces: the namespace peer alone. Someone
          // meaning the AND would not have written the second peer; this is the idiom "those
          // namespaces, and my own". (The other way round, a namespaceSelector naming the policy's
          // own namespace next to pods S, is still reported: there the OR makes S dead weight,
          // since every pod of the namespace is admitted, which is the mistake this check is for.)
          if (isEmptySelector(pod.podSelector!)) continue;
          if (orIsEvident(ctx.s, ctx.s.analyze(p)[dir][i], nsOnly, podOnly)) continue;
          const at = ctx.text ? locate(ctx, p, rule) : undefined;
          if (at && !writesJson(ctx.file, at.obj) && acknowledged(ctx.text!, at.anchor)) continue;
          const [first, second] = nsOnly < podOnly ? [nsOnly, podOnly] : [podOnly, nsOnly];
          const span = { start: peers[first]!.span.start, end: peers[second]!.span.end };
          out.push(finding(ctx, this, span,
            `Two peers (OR): ${peerPhrase(ns, p.namespace)}, or ${peerPhrase(pod, p.namespace)}. Did you mean one peer (AND): ${podPhrase(pod.podSelector)} ` +
              `in ${namespacePhrase(ns.namespaceSelector!)}? Then remove the "- " before the second selector, so both sit in one item.`,
            {
              related: [{ file: ctx.file, span: ns.span, message: 'peer: namespaces only' },
                { file: ctx.file, span: pod.span, message: 'peer: pods of the policy\'s namespace only' }],
              fixes: fixes(ctx, at, p, peers, first, second, ns, pod),
            }));
        }
      }
    }
    return out;
  },
};
