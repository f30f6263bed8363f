// The AND/OR trap: a namespace-only peer next to a pod-only peer in one from/to list is two
// peers (OR), where one peer with both selectors (AND) was most likely meant.
import { isMap, isSeq, type Node } from 'yaml';
import type { Direction, Finding, Fix, Policy, Span } from '../types';
import { finding, objectOf, type CheckContext } from './context';
import { lineStart, newline, ownsLines } from './yaml-edits';

/** and-or-trap, with fixes: merge into one peer, or a comment making the OR explicit. */
export function andOrTrap(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const p of ctx.policies) {
    for (const dir of ['ingress', 'egress'] as Direction[]) {
      for (const rule of p[dir]) {
        const peers = rule.peers ?? [];
        const nsOnly = peers.findIndex((x) => x.kind === 'pods' && x.namespaceSelector && !x.podSelector);
        const podOnly = peers.findIndex((x) => x.kind === 'pods' && x.podSelector && !x.namespaceSelector);
        if (nsOnly < 0 || podOnly < 0) continue;
        const [first, second] = nsOnly < podOnly ? [nsOnly, podOnly] : [podOnly, nsOnly];
        if (acknowledged(ctx, p, dir, rule.index)) continue; // the "# OR:" comment fix says it is meant
        const span: Span = { start: peers[first]!.span.start, end: peers[second]!.span.end };
        const word = dir === 'ingress' ? 'from' : 'to';
        out.push(finding(ctx, 'and-or-trap', 'warning', span,
          `These are two peers (OR): every pod in the selected namespaces, OR the selected pods in namespace ${p.namespace}. If you meant those pods IN those namespaces (AND), make them one list item: remove the "-" before the second selector.`,
          { fixes: fixes(ctx, p, dir, rule.index, first, second, word) }));
      }
    }
  }
  return out;
}

/** Whether the line above the rule's from/to key is a `# OR:` comment (written by the fix). */
function acknowledged(ctx: CheckContext, policy: Policy, dir: Direction, ruleIndex: number): boolean {
  const obj = objectOf(ctx, policy);
  if (!ctx.text || !obj) return false;
  const src = obj.src;
  const rule = src.items(src.getSeq(src.getMap(obj.node, 'spec'), dir))[ruleIndex];
  const list = src.get(rule, dir === 'ingress' ? 'from' : 'to');
  if (!list) return false;
  const ls = lineStart(ctx.text, src.span(list.pair.key as Node).start);
  if (ls === 0) return false;
  const prev = ctx.text.slice(lineStart(ctx.text, ls - 1), ls);
  return prev.trim().startsWith('# OR:');
}

function fixes(ctx: CheckContext, policy: Policy, dir: Direction, ruleIndex: number, first: number, second: number, word: string): Fix[] | undefined {
  const text = ctx.text;
  const obj = objectOf(ctx, policy);
  if (!text || !obj) return undefined;
  const src = obj.src;
  const rules = src.getSeq(src.getMap(obj.node, 'spec'), dir);
  const rule = src.items(rules)[ruleIndex];
  const list = src.get(rule, word);
  if (!list || !isSeq(list.value)) return undefined;
  const items = src.items(list.value);
  const a = items[first], b = items[second];
  const out: Fix[] = [];
  const nl = newline(text);
  // Comment above the list's key line, same indentation: keeps the OR, says so.
  const keySpan = src.span(list.pair.key as Node);
  const ls = lineStart(text, keySpan.start);
  const indent = /^\s*/.exec(text.slice(ls, keySpan.start))![0];
  out.push({ title: 'Add a comment making the OR explicit', edits: [{ file: ctx.file, span: { start: ls, end: ls }, newText: `${indent}# OR: any pod in the selected namespaces, or the selected pods in this namespace (two peers).${nl}` }] });
  // Merge: the second item's mapping joins the first. Only for block items on their own lines.
  if (a && b && second === first + 1 && isMap(a) && isMap(b) && !(a as { flow?: boolean }).flow && !(b as { flow?: boolean }).flow && ownsLines(text, src.span(b))) {
    const bs = src.span(b);
    const bLine = lineStart(text, bs.start);
    const dashPrefix = text.slice(bLine, bs.start); // e.g. "        - "
    const keyCol = dashPrefix.length;
    const m = /^(\s*)-(\s+)$/.exec(dashPrefix);
    if (m) {
      // Replace "- " with spaces so the keys line up under the first item's keys.
      out.unshift({ title: 'Merge into one peer (AND): those pods in those namespaces', preferred: true, edits: [{ file: ctx.file, span: { start: bLine, end: bs.start }, newText: ' '.repeat(keyCol) }] });
    }
  }
  return out;
}
