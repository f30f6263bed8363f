// "Insert a default deny-all policy" for the namespace under the cursor: a new `---` document
// appended at the end of the file, in the file's style; the existing text is never touched.
// A JSON file holds one value, so no document can follow it: an empty one gets the policy as JSON.
import { isJsonDocument } from '../json-style';
import { isEmptySelector } from '../label-selector';
import { splitSections } from '../parse-manifests';
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Direction, TextEdit } from '../types';
import { detectIndentStyle, writeYaml, type IndentStyle, type YamlTree } from './indent-style';
import type { Refactoring } from './types';

/** Which directions a deny-all policy isolates. */
export type DenyAllKind = 'ingress' | 'egress' | 'all';

const DIRECTIONS: Record<DenyAllKind, Direction[]> = { ingress: ['ingress'], egress: ['egress'], all: ['ingress', 'egress'] };

/**
 * The namespace a deny-all inserted at `offset` should land in: the object's there (or, between
 * objects, the first object of the same `---` document, e.g. under its header comment), else the default.
 */
export function namespaceAt(text: string, objects: readonly ManifestObject[], offset: number, defaultNamespace: string): string {
  let obj = objects.find((o) => offset >= o.span.start && offset <= o.span.end);
  if (!obj) {
    const sec = splitSections(text).find((x) => offset >= x.start && offset <= x.end);
    obj = sec && objects.find((o) => o.span.start >= sec.start && o.span.start < sec.end);
  }
  if (!obj) return defaultNamespace;
  if (obj.kind === 'Namespace' && obj.apiVersion === 'v1' && obj.name) return obj.name;
  return obj.namespace ?? defaultNamespace;
}

/** The policies of a namespace that deny all traffic of every pod in a direction. */
function denying(s: Snapshot, namespace: string, dir: Direction): string[] {
  return s.policies.filter((p) => p.namespace === namespace && p.isolates[dir] && p[dir].length === 0 && !p.podSelector.invalid &&
    isEmptySelector(p.podSelector)).map((p) => p.name);
}

function alreadyDenied(s: Snapshot, namespace: string, dir: Direction): boolean {
  return denying(s, namespace, dir).length > 0;
}

/**
 * Why no deny-all of `kind` is written for a namespace, naming what is there: "Namespace web
 * already denies all ingress (policy no-ingress); egress is not denied: insert a deny-all for
 * egress alone." Undefined when one can be written (denyAllName gives its name).
 */
export function denyAllRefusal(s: Snapshot, namespace: string, kind: DenyAllKind): string | undefined {
  const dirs = DIRECTIONS[kind];
  const by = new Map(dirs.map((d) => [d, denying(s, namespace, d)] as const));
  const denied = dirs.filter((d) => by.get(d)!.length > 0);
  if (denied.length === 0) return undefined;
  const named = (d: Direction) => `all ${d} (${by.get(d)!.length === 1 ? 'policy' : 'policies'} ${by.get(d)!.join(', ')})`;
  const head = `Namespace ${namespace} already denies ${denied.map(named).join(' and ')}`;
  const open = dirs.filter((d) => !denied.includes(d));
  return open.length === 0 ? `${head}: another deny-all would change nothing.` : `${head}; ${open[0]} is not denied: insert a deny-all for ${open[0]} alone.`;
}

/** A policy name not yet used in the namespace: `base`, else `base-2`, `base-3`... */
function freeName(s: Snapshot, namespace: string, base: string): string {
  const taken = new Set(s.policies.filter((p) => p.namespace === namespace).map((p) => p.name));
  if (!taken.has(base)) return base;
  let i = 2;
  while (taken.has(`${base}-${i}`)) i++;
  return `${base}-${i}`;
}

/** A scalar as YAML: plain when it is a plain DNS label, else double-quoted. */
function scalar(v: string): string {
  return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v) && !/^(true|false|null|yes|no|on|off|~|\d[\d.e+-]*)$/i.test(v) ? v : JSON.stringify(v);
}

/**
 * The name a new deny-all policy of `kind` takes in a namespace (a free one: `default-deny-all`,
 * else `default-deny-all-2`...), or undefined when the namespace already denies one of its
 * directions: a second deny-all would change nothing.
 */
export function denyAllName(s: Snapshot, namespace: string, kind: DenyAllKind): string | undefined {
  if (DIRECTIONS[kind].some((d) => alreadyDenied(s, namespace, d))) return undefined;
  return freeName(s, namespace, kind === 'all' ? 'default-deny-all' : `default-deny-${kind}`);
}

/** The lines of a deny-all NetworkPolicy in a style. */
export function denyAllLines(name: string, namespace: string, kind: DenyAllKind, style: IndentStyle): string[] {
  return writeYaml(denyAllTree(name, namespace, kind), style);
}

function denyAllTree(name: string, namespace: string, kind: DenyAllKind): { map: [string, YamlTree][] } {
  return {
    map: [
      ['apiVersion', 'networking.k8s.io/v1'],
      ['kind', 'NetworkPolicy'],
      ['metadata', { map: [['name', scalar(name)], ['namespace', scalar(namespace)]] }],
      ['spec', {
        map: [
          ['podSelector', '{}'],
          ['policyTypes', { seq: DIRECTIONS[kind].map((d) => (d === 'ingress' ? 'Ingress' : 'Egress')) }],
        ],
      }],
    ],
  };
}

/** A deny-all NetworkPolicy as a JSON document (2-space indentation, as `kubectl -o json` writes). */
function denyAllJson(name: string, namespace: string, kind: DenyAllKind): string {
  return JSON.stringify({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector: {}, policyTypes: DIRECTIONS[kind].map((d) => (d === 'ingress' ? 'Ingress' : 'Egress')) },
  }, null, 2);
}


/**
 * Whether the last `---` section of a text holds nothing but comments, blanks and its marker,
 * read backwards from the end so a large file costs only its tail.
 */
function lastSectionEmpty(text: string): boolean {
  let end = text.length;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (/^---(?=[ \t]|$)/.test(line)) return /^---[ \t]*(#.*)?$/.test(line);
    if (!/^\s*(#.*)?$/.test(line)) return false;
    end = start - 1;
  }
  return true;
}

/** The edit appending a YAML document (given as lines) at the end of a file. */
export function appendDocument(file: string, text: string, lines: string[], style: IndentStyle): TextEdit {
  const nl = style.newline;
  // A file that ends without a line break keeps ending without one.
  const endsOpen = text.length > 0 && !text.endsWith('\n');
  const separator = lastSectionEmpty(text) ? '' : `---${nl}`;
  const body = lines.join(nl);
  const newText = endsOpen ? `${nl}${separator}${body}` : `${separator}${body}${nl}`;
  return { file, span: { start: text.length, end: text.length }, newText };
}

/**
 * The deny-all insertions offered at an offset: one per direction set not already denied. In a
 * JSON file only when it is empty (`blank`), written as JSON; a second document would break it.
 */
export function denyAllRefactorings(s: Snapshot, file: string, text: string, objects: readonly ManifestObject[], offset: number, defaultNamespace: string,
  blank: boolean): Refactoring[] {
  const json = isJsonDocument(file, text);
  if (json && !blank) return [];
  const namespace = namespaceAt(text, objects, offset, defaultNamespace);
  let style: IndentStyle | undefined;
  const out: Refactoring[] = [];
  for (const kind of ['ingress', 'egress', 'all'] as DenyAllKind[]) {
    const name = denyAllName(s, namespace, kind);
    if (name === undefined) continue;
    const what = kind === 'all' ? 'ingress and egress' : kind;
    const edit = json
      ? { file, span: { start: 0, end: text.length }, newText: `${denyAllJson(name, namespace, kind)}\n` }
      : appendDocument(file, text, denyAllLines(name, namespace, kind, (style ??= detectIndentStyle(text))), style);
    // The policy starts after the `---` (and line break) the edit may open with.
    const start = Math.max(0, edit.newText.search(/apiVersion|\{/));
    out.push({ title: `Insert a default deny-all policy for ${what} in namespace ${namespace}`, kind: 'refactor', edits: [edit],
      reveal: { edit: 0, offset: start } });
  }
  return out;
}
