// Schema validation of a NetworkPolicy against policy-schema.ts: unknown fields, wrong types,
// missing required fields and bad enum values, each on the exact node. Iterative walk.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { NETWORK_POLICY_SCHEMA, type SchemaField } from './policy-schema';
import type { ManifestObject } from './parse-manifests';
import { scalarContentSpan } from './yaml-edits';
import type { Finding, Fix, Span } from './types';

/** Maps whose keys are open (Kubernetes adds many metadata fields). */
const OPEN_OBJECTS = new Set(['metadata']);

/** Schema findings of one NetworkPolicy object. */
export function validateSchema(obj: ManifestObject): Finding[] {
  const src = obj.src;
  const out: Finding[] = [];
  const finding = (id: string, span: Span, message: string, fix?: Fix): void => {
    out.push({ id, severity: 'error', file: obj.file, span, message, ...(fix ? { fixes: [fix] } : {}) });
  };
  // The one-edit fix a did-you-mean or a wrong case gets: the written word replaced.
  const replaceWith = (span: Span, text: string, title: string): Fix => ({ title, preferred: true, edits: [{ file: obj.file, span, newText: text }] });
  const stack: { node: Node | null; field: SchemaField; name: string; anchor: Span }[] =
    [{ node: obj.node, field: NETWORK_POLICY_SCHEMA, name: 'NetworkPolicy', anchor: obj.span }];
  while (stack.length > 0) {
    const { node, field, name, anchor } = stack.pop()!;
    const isNull = node === null || (isScalar(node) && node.value === null);
    if (field.type === 'object') {
      if (isNull) {
        for (const r of field.required ?? []) finding('missing-field', anchor, `\`${name}\` needs \`${r}\`.`);
        continue;
      }
      if (!isMap(node)) { finding('wrong-type', src.span(node), `\`${name}\` must be a map (key: value), not ${describe(node)}.`); continue; }
      const present = new Set<string>();
      for (const e of src.entries(node)) {
        present.add(e.key);
        const child = field.fields?.[e.key];
        const keySpan = src.span(e.pair.key as Node);
        if (!child) {
          if (OPEN_OBJECTS.has(name) || name === 'status') continue;
          const hint = closest(e.key, Object.keys(field.fields ?? {}));
          const expected = `; expected one of ${Object.keys(field.fields ?? {}).map((k) => `\`${k}\``).join(', ')}.`;
          // Inside its quotes, when quoted (a JSON file stays JSON).
          const keyContent = scalarContentSpan(src, e.pair.key as Node);
          const fix = hint && !present.has(hint) ? replaceWith(keyContent, hint, `Change \`${e.key}\` to \`${hint}\``) : undefined;
          finding('unknown-field', keySpan, `Unknown field \`${e.key}\` in \`${name}\`${hint ? `: did you mean \`${hint}\`?` : expected}`, fix);
          continue;
        }
        stack.push({ node: e.value, field: child, name: e.key, anchor: keySpan });
      }
      for (const r of field.required ?? []) {
        if (present.has(r)) continue;
        if (r === 'name' && present.has('generateName')) continue;
        // kind and apiVersion are known for every object validated here (parse-manifests keeps
        // only objects that write them or take them from a typed list such as NetworkPolicyList).
        if (name === 'NetworkPolicy' && (r === 'kind' || r === 'apiVersion')) continue;
        finding('missing-field', anchor, `\`${name}\` needs \`${r}\`${r === 'podSelector' ? ' (use `podSelector: {}` to select every pod in the namespace)'
          : ''}.`);
      }
    } else if (field.type === 'array') {
      if (isNull) continue;
      if (!isSeq(node)) { finding('wrong-type', src.span(node), `\`${name}\` must be a list (items starting with \`- \`), not ${describe(node)}.`); continue; }
      const itemField: SchemaField | undefined = field.fields ? { type: 'object', doc: '', fields: field.fields, required: field.required } : field.items;
      if (!itemField) continue;
      for (const item of src.items(node)) stack.push({ node: item, field: itemField, name: `${name} item`, anchor: src.span(item) });
    } else if (field.type === 'map') {
      if (isNull) continue;
      if (!isMap(node)) { finding('wrong-type', src.span(node), `\`${name}\` must be a map of strings, not ${describe(node)}.`); continue; }
      for (const e of src.entries(node)) {
        const v = e.value;
        if (v === null || (isScalar(v) && (v.value === null || typeof v.value === 'string'))) continue;
        finding('wrong-type', src.span(v), isScalar(v)
          ? `The value of \`${e.key}\` must be a string; ${String(v.value)} is read as a ${typeof v.value}. Quote it: "${String(v.value)}".`
          : `The value of \`${e.key}\` must be a string, not ${describe(v)}.`);
      }
    } else {
      scalar(node, field, name, anchor, src.span(node, anchor), (id, span, message, fixed) => {
        finding(id, span, message, fixed === undefined || !node ? undefined : replaceWith(scalarContentSpan(src, node), fixed, `Change to \`${fixed}\``));
      });
    }
  }
  return out;
}

/** Reports a finding; `fixed` is the value that would replace the node, when there is one. */
type ScalarReport = (id: string, span: Span, message: string, fixed?: string) => void;

function scalar(node: Node | null, field: SchemaField, name: string, anchor: Span, span: Span, finding: ScalarReport): void {
  if (node === null || (isScalar(node) && node.value === null)) {
    if (field.type !== 'string' || name === 'kind' || name === 'apiVersion') finding('wrong-type', anchor, `\`${name}\` has no value.`);
    return;
  }
  if (!isScalar(node)) { finding('wrong-type', span, `\`${name}\` must be a single value, not ${describe(node)}.`); return; }
  const v = node.value;
  if (field.type === 'string' && typeof v !== 'string') { finding('wrong-type', span, `\`${name}\` must be a string; quote it: "${String(v)}".`); return; }
  if (field.type === 'integer' && !(typeof v === 'number' && Number.isInteger(v))) { finding('wrong-type', span,
    `\`${name}\` must be a whole number${typeof v === 'string' ? ' without quotes' : ''}.`); return; }
  if (field.type === 'int-or-string' && typeof v !== 'string' &&
    !(typeof v === 'number' && Number.isInteger(v))) { finding('wrong-type', span, `\`${name}\` must be a port number or a port name.`); return; }
  if (field.enum && name !== 'apiVersion' && name !== 'kind' && typeof v === 'string' && !field.enum.includes(v)) {
    const fix = field.enum.find((e) => e.toLowerCase() === v.toLowerCase());
    finding('invalid-enum', span, `\`${v}\` is not a valid ${name}${fix
      ? `: write \`${fix}\` (case matters)`
      : `; use one of ${field.enum.map((e) => `\`${e}\``).join(', ')}`}.`, fix);
  }
}

function describe(node: Node | null): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return typeof node.value === 'string' ? `the string "${node.value}"` : `the value ${String(node.value)}`;
  return 'nothing';
}

/** The candidate within edit distance 2 of a typo, if any. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) { bestD = d; best = c; }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
