// Completion items at an offset: schema keys with docs, enum values, label keys and values
// from the workspace (with how many they match), named ports, and whole-policy snippets.
import { isMap, parseDocument } from 'yaml';
import { isJsonFile } from '../json-style';
import { schemaAt } from '../policy-schema';
import { splitSections, tooDeep } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Policy, Span, Workload } from '../types';
import { detectIndentStyle, type IndentStyle } from '../refactor/indent-style';
import { flowPath } from './flow-path';
import { linePath, type LinePath } from './line-path';
import { policySnippets, type SnippetWorld } from './snippets';

/** One completion item as plain data. */
export interface CompletionItemData {
  label: string;
  kind: 'field' | 'value' | 'label-key' | 'label-value' | 'port' | 'snippet';
  detail?: string;
  documentation?: string;
  insertText: string;
  snippet?: boolean;
  /** Lines after the first carry their full indentation: the client must not re-indent them. */
  asIs?: boolean;
  replace: Span;
  sortText?: string;
}

const NS_NAME = 'kubernetes.io/metadata.name';
/** How much of a half-typed document's head is parsed to learn its kind and namespace. */
const HEAD_BYTES = 8 * 1024;

/** Completion items at `offset` of `text` (a file of `file`); empty when not in a NetworkPolicy. */
export function completeAt(s: Snapshot, file: string, text: string, offset: number, defaultNamespace: string): CompletionItemData[] {
  const section = splitSections(text).find((x) => offset >= x.start && offset <= x.end) ?? { start: 0, end: text.length };
  let body = section.start;
  if (text.startsWith('---', body)) body = Math.min(offset, text.indexOf('\n', body) + 1 || offset);
  const sectionText = text.slice(body, section.end);
  if (sectionText.replace(/#.*$/gm, '').trim() === '' || text.slice(body, offset).replace(/#.*$/gm, '').trim() === '' &&
    !/\S/.test(text.slice(offset, section.end))) {
    // The snippets are YAML documents: none in a JSON file, which they would break.
    return fileHoldsOnlyKubernetes(s, file, text) && !isJsonFile(file)
      ? policySnippets(snippetWorld(s, defaultNamespace)).map((x) => ({ ...x, replace: { start: lineStartOf(text, offset), end: offset } }))
      : [];
  }
  // The parsed policy when the document parses; while it is half-typed, its head tells the
  // kind and namespace (a partial parse of the first few KB: never the whole, maybe huge, text).
  const policy = s.policies.find((p) => p.file === file && p.span.start >= section.start && p.span.start <= section.end);
  let namespace = policy?.namespace;
  if (!policy) {
    // The line being typed does not count: `kind: Net|` is not yet another kind.
    const lineStart = lineStartOf(text, offset);
    const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
    const head = (text.slice(body, lineStart) + text.slice(lineEnd, section.end)).slice(0, HEAD_BYTES);
    if (tooDeep(head) >= 0) return []; // hostile nesting never reaches the parser
    const doc = parseDocument(head, { uniqueKeys: false, strict: false });
    const root = doc.contents;
    // A document with no kind yet is being written: a policy, when the file holds only Kubernetes.
    const kind = isMap(root) ? String(root.get('kind') ?? '') : '';
    const otherLines = text.slice(0, lineStart) + text.slice(lineEnd);
    if (kind !== 'NetworkPolicy' && (kind !== '' || isJsonFile(file) || !fileHoldsOnlyKubernetes(s, file, otherLines))) return [];
    const meta = isMap(root) ? root.get('metadata') : undefined;
    namespace = isMap(meta) && meta.get('namespace') ? String(meta.get('namespace')) : defaultNamespace;
  }
  const fp = flowPath(text, body, offset);
  if (fp === null) return [];
  const style = detectIndentStyle(text);
  if (fp) return inFlow(itemsFor(s, fp, namespace ?? defaultNamespace, policy, offset, { col: 0, style }), fp);
  const lp = linePath(text, body, offset);
  return itemsFor(s, lp, namespace ?? defaultNamespace, policy, offset, { col: lp.wordStart - lineStartOf(text, lp.wordStart), style });
}

/**
 * Items rewritten for a flow collection: keys as `key: ` on the same line (a block value cannot
 * open inside `{}`), keys and string values quoted when the user quotes (JSON).
 */
function inFlow(items: CompletionItemData[], lp: LinePath): CompletionItemData[] {
  const q = lp.flow?.quote;
  const quoted = (v: string) => (q === '"' ? JSON.stringify(v) : q === "'" ? `'${v.replace(/'/g, "''")}'` : v);
  return items.map(({ asIs: _, ...x }) => ({ ...x, insertText: x.kind === 'field' || x.kind === 'label-key' ? `${quoted(x.label)}: ` : quoted(x.insertText) }));
}

/** Where a key would be written: its column and the file's indentation style. */
interface KeyPlace { col: number; style: IndentStyle }

function itemsFor(s: Snapshot, lp: LinePath, namespace: string, policy: Policy | undefined, offset: number, at: KeyPlace): CompletionItemData[] {
  const replace = { start: lp.wordStart, end: lp.flow?.replaceEnd ?? offset };
  const valueMatch = /^([^:]+):\s*(.*)$/.exec(lp.typed);
  const path = lp.parents;
  const last = path[path.length - 1];
  const selectorKind = (['podSelector', 'namespaceSelector'] as const).find((k) => path.includes(k));
  const scope = selectorKind === 'namespaceSelector' ? 'namespaces' : selectorKind ? 'pods' : undefined;
  // Label keys and values under matchLabels.
  if (last === 'matchLabels' && scope) {
    if (valueMatch) return labelValues(s, scope, scopeNamespaces(s, path, namespace, policy), valueMatch[1]!.trim(), replace);
    return labelKeys(s, scope, scopeNamespaces(s, path, namespace, policy), lp.siblings, replace);
  }
  // matchExpressions items: key and values from the workspace, operator from the enum.
  const inExpr = path.includes('matchExpressions') && scope;
  if (inExpr && valueMatch && valueMatch[1]!.trim() === 'key') return labelKeys(s, scope, scopeNamespaces(s, path, namespace, policy), [], replace);
  if (inExpr && last === 'values' && lp.item) return []; // values depend on the key line; offered below when parseable
  // Named ports after `port:`.
  if (valueMatch && valueMatch[1]!.trim() === 'port' && path.includes('ports')) return namedPorts(s, path, namespace, policy, replace);
  if (valueMatch && path.length === 1 && path[0] === 'metadata' && valueMatch[1]!.trim() === 'namespace') return namespaceNames(s, replace);
  if (valueMatch) {
    const field = schemaAt([...path, valueMatch[1]!.trim()]);
    return (field?.enum ?? []).map((v) => ({ label: v, kind: 'value' as const, detail: field!.doc.split('.')[0], insertText: v, replace }));
  }
  const here = schemaAt(path);
  // A list item of an enum list (policyTypes): schemaAt already stepped into the item type.
  if (lp.item && here?.enum) return here.enum.map((v) => ({ label: v, kind: 'value' as const, detail: here.doc, insertText: v, replace }));
  // An item of a flow list of maps starts with `{`: nothing to offer before it.
  if (lp.flow && lp.item) return [];
  // Keys of the map at the cursor: an object's fields, or the fields of a list's items.
  const map = here?.type === 'object' || here?.type === 'array' ? here.fields : undefined;
  if (!map) return [];
  // The next line is indented from the key's column, not the line's: after `- ` they differ.
  const nl = `${at.style.newline}${' '.repeat(at.col + at.style.unit)}`;
  const item = `${at.style.newline}${' '.repeat(at.col + (at.style.indentSequences ? at.style.unit : 0))}- `;
  return Object.entries(map)
    .filter(([k]) => !lp.siblings.includes(k) && !(path.length === 0 && k === 'status'))
    .map(([k, f]) => {
      // A field with one possible value (apiVersion, kind) is written whole.
      const value = f.enum?.length === 1 ? f.enum[0]! : '';
      const block = f.type === 'object' || f.type === 'map' || f.type === 'array';
      const insertText = f.type === 'object' || f.type === 'map' ? `${k}:${nl}` : f.type === 'array' ? `${k}:${item}` : `${k}: ${value}`;
      return { label: k, kind: 'field' as const, detail: f.type, documentation: f.doc, insertText, replace, ...(block ? { asIs: true } : {}) };
    });
}

/** The namespaces the workspace knows (Namespace objects and the namespaces of workloads and policies). */
function namespaceNames(s: Snapshot, replace: Span): CompletionItemData[] {
  const counts = new Map<string, number>();
  for (const ns of s.namespaces.keys()) counts.set(ns, 0);
  for (const w of s.workloads) counts.set(w.namespace, (counts.get(w.namespace) ?? 0) + 1);
  for (const p of s.policies) if (!counts.has(p.namespace)) counts.set(p.namespace, 0);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([ns, n], i) => ({
    label: ns, kind: 'value' as const, detail: `namespace with ${n} workload${n === 1 ? '' : 's'} in the workspace`, insertText: ns, replace,
    sortText: String(i).padStart(4, '0'),
  }));
}

/** The namespaces whose pods a selector at `path` picks from. */
function scopeNamespaces(s: Snapshot, path: (string | number)[], namespace: string, policy: Policy | undefined): string[] {
  if (path[1] === 'podSelector') return [namespace];
  const dir = path[1];
  if ((dir === 'ingress' || dir === 'egress') && typeof path[2] === 'number' && typeof path[4] === 'number' && policy) {
    const pa = s.analyze(policy)[dir][path[2]]?.peers?.[path[4]];
    if (pa && pa.peer.kind === 'pods' && pa.namespaces.length) return pa.namespaces;
  }
  return [namespace];
}

function labelSets(s: Snapshot, scope: 'pods' | 'namespaces', namespaces: string[]): ReadonlyMap<string, string>[] {
  if (scope === 'namespaces') return [...s.namespaces.values()].map((n) => n.labels);
  return namespaces.flatMap((ns) => s.index.inNamespace(ns).map((w: Workload) => w.labels));
}

function labelKeys(s: Snapshot, scope: 'pods' | 'namespaces', namespaces: string[], siblings: string[], replace: Span): CompletionItemData[] {
  const counts = new Map<string, number>();
  for (const labels of labelSets(s, scope, namespaces)) for (const k of labels.keys()) counts.set(k, (counts.get(k) ?? 0) + 1);
  const noun = scope === 'namespaces' ? 'namespace' : 'workload';
  return [...counts].filter(([k]) => !siblings.includes(k)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n], i) => ({
    label: k, kind: 'label-key', detail: `on ${n} ${noun}${n === 1 ? '' : 's'}${scope === 'pods' ? ` in ${namespaces.join(', ')}` : ''}`,
    documentation: k === NS_NAME ? 'Set on every namespace by the API server: its name.' : undefined,
    insertText: `${k}: `, replace, sortText: String(i).padStart(4, '0'),
  }));
}

function labelValues(s: Snapshot, scope: 'pods' | 'namespaces', namespaces: string[], key: string, replace: Span): CompletionItemData[] {
  const counts = new Map<string, number>();
  for (const labels of labelSets(s, scope, namespaces)) { const v = labels.get(key); if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1); }
  const noun = scope === 'namespaces' ? 'namespace' : 'workload';
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v, n], i) => ({
    label: v, kind: 'label-value', detail: `matches ${n} ${noun}${n === 1 ? '' : 's'}`, insertText: v, replace, sortText: String(i).padStart(4, '0'),
  }));
}

function namedPorts(s: Snapshot, path: (string | number)[], namespace: string, policy: Policy | undefined, replace: Span): CompletionItemData[] {
  const dir = path[1];
  let destinations: readonly Workload[] = s.index.inNamespace(namespace);
  if (policy && (dir === 'ingress' || dir === 'egress') && typeof path[2] === 'number') {
    const a = s.analyze(policy);
    const ra = a[dir][path[2]];
    destinations = dir === 'ingress' ? a.selected : ra?.peers ? [...new Set(ra.peers.flatMap((p) => p.workloads))] : s.workloads;
  }
  const ports = new Map<string, { numbers: Set<string>; count: number }>();
  for (const w of destinations) for (const p of w.ports) {
    if (!p.name) continue;
    const e = ports.get(p.name) ?? { numbers: new Set<string>(), count: 0 };
    e.numbers.add(`${p.protocol} ${p.port}`);
    e.count++;
    ports.set(p.name, e);
  }
  return [...ports].sort().map(([name, e]) => ({ label: name, kind: 'port',
    detail: `${[...e.numbers].join(', ')} on ${e.count} workload${e.count === 1 ? '' : 's'}`, insertText: name, replace }));
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Snippets go only into files that hold Kubernetes objects or nothing yet. */
function fileHoldsOnlyKubernetes(s: Snapshot, file: string, text: string): boolean {
  if (text.replace(/#.*$/gm, '').replace(/^---.*$/gm, '').trim() === '') return true;
  return /^(apiVersion|kind):/m.test(text) || s.policies.some((p) => p.file === file);
}

/** Keys sorted by their count, most first, then by name. */
function byCount(counts: ReadonlyMap<string, number>): string[] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
}

/**
 * What the snippets offer: the namespaces with workloads (busiest first; kube-system is never
 * the first: nobody writes their first policy there) and, per namespace, the label key most of
 * its workloads carry with its values.
 */
function snippetWorld(s: Snapshot, fallback: string): SnippetWorld {
  const counts = new Map<string, number>();
  for (const w of s.workloads) counts.set(w.namespace, (counts.get(w.namespace) ?? 0) + 1);
  const namespaces = byCount(counts);
  const labels = new Map<string, { key: string; values: string[] }>();
  for (const ns of namespaces) {
    const keys = new Map<string, number>();
    for (const w of s.index.inNamespace(ns)) for (const k of w.labels.keys()) keys.set(k, (keys.get(k) ?? 0) + 1);
    const key = byCount(keys)[0];
    if (key === undefined) continue;
    const values = new Map<string, number>();
    for (const w of s.index.inNamespace(ns)) { const v = w.labels.get(key); if (v !== undefined) values.set(v, (values.get(v) ?? 0) + 1); }
    labels.set(ns, { key, values: byCount(values) });
  }
  const namespace = namespaces.find((ns) => ns !== 'kube-system') ?? fallback;
  return { namespace, namespaces: namespaces.length ? namespaces : [fallback], labels };
}
