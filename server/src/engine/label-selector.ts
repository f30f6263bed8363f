// Label selectors: reading them from YAML and deciding whether a label set matches.
// Pure; the syntax rules for keys and values live in label-syntax.ts.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { NodeSource } from './yaml-nodes';
import type { LabelSelector, SelectorRequirement, Span } from './types';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** The selector `{}`: matches everything in scope. */
export function emptySelector(span: Span): LabelSelector {
  return { matchLabels: [], matchExpressions: [], span, invalid: false };
}

/**
 * Reads a selector node. Anything the API server would reject (a non-string label value,
 * an unknown operator, `In` without values) makes it `invalid`, and invalid selectors match
 * nothing: the engine never guesses an "allowed" from a broken rule.
 */
export function readSelector(src: NodeSource, node: Node | null, span: Span): LabelSelector {
  const sel = emptySelector(span);
  if (node === null || (isScalar(node) && node.value === null)) return sel;
  if (!isMap(node)) return { ...sel, invalid: true };
  for (const { key, value } of src.entries(node)) {
    if (key === 'matchLabels') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isMap(value)) { sel.invalid = true; continue; }
      for (const e of src.entries(value)) {
        const v = e.value;
        if (v === null || (isScalar(v) && v.value === null)) sel.matchLabels.push([e.key, '']);
        else if (isScalar(v) && typeof v.value === 'string') sel.matchLabels.push([e.key, v.value]);
        else sel.invalid = true; // numbers and booleans fail to decode into a string
      }
    } else if (key === 'matchExpressions') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isSeq(value)) { sel.invalid = true; continue; }
      for (const item of src.items(value)) {
        const req = readRequirement(src, item);
        if (req) sel.matchExpressions.push(req);
        else sel.invalid = true;
      }
    }
  }
  return sel;
}

function readRequirement(src: NodeSource, item: Node): SelectorRequirement | undefined {
  if (!isMap(item)) return undefined;
  const key = src.getString(item, 'key');
  const operator = src.getString(item, 'operator');
  if (!key || !operator || !OPERATORS.has(operator)) return undefined;
  const valuesEntry = src.get(item, 'values');
  const values: string[] = [];
  if (valuesEntry && valuesEntry.value !== null && !(isScalar(valuesEntry.value) && valuesEntry.value.value === null)) {
    if (!isSeq(valuesEntry.value)) return undefined;
    for (const v of src.items(valuesEntry.value)) {
      if (!isScalar(v) || typeof v.value !== 'string') return undefined;
      values.push(v.value);
    }
  }
  const op = operator as SelectorRequirement['operator'];
  // In/NotIn need values; Exists/DoesNotExist must have none (API server validation).
  if ((op === 'In' || op === 'NotIn') && values.length === 0) return undefined;
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) return undefined;
  return { key, operator: op, values, span: src.span(item) };
}

/** Whether a label set satisfies a selector (matchLabels AND every expression). */
export function matchesLabels(sel: LabelSelector, labels: ReadonlyMap<string, string>): boolean {
  if (sel.invalid) return false;
  for (const [k, v] of sel.matchLabels) if (labels.get(k) !== v) return false;
  for (const req of sel.matchExpressions) if (!matchesRequirement(req, labels)) return false;
  return true;
}

/** Whether one `matchExpressions` requirement holds for a label set. */
export function matchesRequirement(req: SelectorRequirement, labels: ReadonlyMap<string, string>): boolean {
  const v = labels.get(req.key);
  switch (req.operator) {
    case 'In': return v !== undefined && req.values.includes(v);
    case 'NotIn': return v === undefined || !req.values.includes(v); // absent key satisfies NotIn
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
  }
}

/** Whether a selector selects everything in scope (`{}`). */
export function isEmptySelector(sel: LabelSelector): boolean {
  return !sel.invalid && sel.matchLabels.length === 0 && sel.matchExpressions.length === 0;
}

/**
 * The selector as a short human phrase: `app=web, tier in (a, b)`. Negative operators say that
 * an absent key matches too: `tier absent or not in (be)`, `without label legacy`.
 */
export function describeSelector(sel: LabelSelector): string {
  if (sel.invalid) return '(invalid selector)';
  const parts = sel.matchLabels.map(([k, v]) => `${k}=${v}`);
  for (const r of sel.matchExpressions) {
    if (r.operator === 'In') parts.push(`${r.key} in (${r.values.join(', ')})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} absent or not in (${r.values.join(', ')})`); // an absent key satisfies NotIn
    else if (r.operator === 'Exists') parts.push(`with label ${r.key}`);
    else parts.push(`without label ${r.key}`);
  }
  return parts.join(', ');
}
