// Document symbols: each policy with its rules as children ("ingress[0]: from app=backend on
// TCP 5432"), and each workload, in file order.
import type { Snapshot } from '../snapshot';
import type { Direction, Span } from '../types';
import { ruleShort } from './phrases';
import { clusterSymbols } from '../cluster-policy/hover';

/** A symbol of a document. */
export interface SymbolInfo {
  name: string;
  detail: string;
  kind: 'policy' | 'rule' | 'workload';
  span: Span;
  /** The part to reveal when the symbol is picked (the name), inside `span`. */
  selection: Span;
  children: SymbolInfo[];
}

/** The symbols of one file: its policies (rules as children) and workloads, sorted by offset. */
export function documentSymbols(s: Snapshot, file: string): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  for (const p of s.policies) {
    if (p.file !== file) continue;
    const children = (['ingress', 'egress'] as Direction[]).flatMap((dir) => p[dir].map((r): SymbolInfo => ({
      name: `${dir}[${r.index}]`, detail: ruleShort(r), kind: 'rule', span: r.span, selection: r.span, children: [],
    })));
    const selection = p.nameSpan && p.nameSpan.start >= p.span.start && p.nameSpan.end <= p.span.end ? p.nameSpan : p.span;
    out.push({ name: `${p.namespace}/${p.name}`, detail: 'NetworkPolicy', kind: 'policy', span: p.span, selection, children });
  }
  for (const c of clusterSymbols(s, file)) {
    const children = c.rules.map((r): SymbolInfo => ({ name: r.name, detail: r.detail, kind: 'rule', span: r.span, selection: r.span, children: [] }));
    out.push({ name: c.name, detail: c.detail, kind: 'policy', span: c.span, selection: c.selection, children });
  }
  for (const w of s.workloads) {
    if (w.file !== file) continue;
    out.push({ name: `${w.namespace}/${w.name}`, detail: w.kind, kind: 'workload', span: w.span, selection: w.span, children: [] });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
