// Turns one file's text into Kubernetes objects (with their yaml nodes and absolute spans)
// plus findings for documents that do not parse. Depends only on `yaml` and engine types.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Alias, type Document, type Node, type YAMLMap } from 'yaml';
import { quotedEnd } from './quoted-scalar';
import { applyFolds, foldQuotedLines } from './folded-quotes';
import { parseJsonStream } from './json-stream';
import { AliasLimitError, NodeSource, keyText } from './yaml-nodes';
import type { Finding, Span } from './types';

/** A Kubernetes object found in a file: its node, where it sits, and its identity. */
export interface ManifestObject {
  file: string;
  src: NodeSource;
  node: YAMLMap;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  span: Span;
}

/** Options for reading one file. */
export interface ParseOptions {
  /** Files larger than this many UTF-8 bytes are reported and skipped (default 8 MiB). */
  maxFileSize?: number;
  /** Reuses parsed documents of unchanged `---` sections across versions of an open file. */
  cache?: DocumentCache;
}

/** The result of reading one file. */
export interface ParsedFile {
  objects: ManifestObject[];
  findings: Finding[];
  /** The `---` sections of the file: where each starts, its documents, objects and findings. */
  sections: { start: number; end: number; docs: Document.Parsed[]; objects: ManifestObject[]; findings: Finding[] }[];
}

/** What is kept of one section text: its parse, the objects found in it, what read-file derived. */
interface SectionRecord {
  /** The record's own copy of the section text (its map key, and what was parsed). */
  key: string;
  /** Set once the text has been parsed (and so passed the nesting test). */
  docs?: Document.Parsed[];
  /** The objects found in the section, and the section's start they are placed at. */
  objects?: { base: number; list: ManifestObject[] };
  facts?: unknown;
}

/**
 * A cache of parsed `---` sections keyed by their exact text, for one open document. One record
 * per text: every keystroke in a large file looks each section up, so one lookup must serve all.
 */
export class DocumentCache {
  private records = new Map<string, SectionRecord>();
  private record(text: string): SectionRecord {
    let r = this.records.get(text);
    if (!r) {
      // The section is a slice of one version of the whole document; kept (and parsed) as is,
      // it would keep that whole version alive, one more per edit: the record owns a copy.
      const key = detach(text);
      this.records.set(key, (r = { key }));
    }
    return r;
  }
  /** The record of a section text, if any (read-only use). */
  lookup(text: string): Readonly<SectionRecord> | undefined {
    return this.records.get(text);
  }
  /** Remembers the objects found in a section placed at `base` (the section's start). */
  setObjects(text: string, objects: ManifestObject[], base: number): void {
    this.record(text).objects = { base, list: objects };
  }
  /** What read-file derived from a section last time (its facts, with the offset they hold). */
  getFacts<T>(text: string): T | undefined {
    return this.records.get(text)?.facts as T | undefined;
  }
  /** Remembers what was derived from a section. */
  setFacts(text: string, facts: unknown): void {
    this.record(text).facts = facts;
  }
  /** Parses a section, reusing the previous parse of identical text. */
  parse(text: string): Document.Parsed[] {
    const r = this.record(text);
    return (r.docs ??= parseSection(r.key));
  }
  /** Drops sections that the latest version no longer has. */
  retain(texts: Set<string>): void {
    for (const k of this.records.keys()) if (!texts.has(k)) this.records.delete(k);
  }
}

/**
 * A copy of a string that shares no storage with the string it was sliced from: V8 flattens the
 * concatenation into a new string before slicing it, so the result points into that copy.
 */
function detach(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * The default size limit: 8 MiB, so install bundles are read (argo-cd's install.yaml is 1.9 MB,
 * CRDs inside); parsing goes by `---` section, so an edit re-parses one document, not the file.
 */
export const DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024;

function parseYaml(text: string): Document.Parsed[] {
  // uniqueKeys is quadratic per map (FINDINGS.md); duplicates are found by our own linear pass.
  return parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false }) as Document.Parsed[];
}

/**
 * Parses a section as kubectl reads it. Where strict YAML fails, kubectl still reads a stream of
 * JSON objects and quoted scalars continued at their key's indent; nothing else is forgiven.
 */
function parseSection(text: string): Document.Parsed[] {
  const docs = parseYaml(text);
  if (!docs.some((d) => d.errors.length > 0)) return docs;
  const stream = parseJsonStream(text, parseYaml);
  if (stream) return stream;
  const folded = foldQuotedLines(text);
  if (!folded) return docs;
  const again = parseYaml(folded.text);
  return applyFolds(again, folded.folds) ? again : docs;
}

/** Splits text at lines that start a new YAML document (`---`), so each section parses alone. */
export function splitSections(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index > start) out.push({ start, end: m.index });
    start = m.index;
    re.lastIndex = m.index + 3;
  }
  out.push({ start, end: text.length });
  return out;
}

/**
 * Nesting deeper than this is refused before parsing: the yaml composer recurses once per level
 * and overflows the stack near 850 flow levels (FINDINGS.md); this keeps a 4x margin.
 */
export const MAX_NESTING = 200;

/**
 * The offset where a text's nesting first exceeds MAX_NESTING, or -1. A linear over-estimate:
 * open flow brackets (outside comments and quoted scalars), plus per line the compact `- `,
 * `? ` and `: ` indicators and a quarter of the indentation (a block level takes >= 1 column).
 * Hostile nesting (10,000 `[`) must not reach the parser: near the stack limit V8 can abort the
 * whole process (a fatal "RegExpCompiler Allocation failed" when a regexp compiles there).
 */
export function tooDeep(text: string): number {
  let flow = 0;
  for (let i = 0; i < text.length; ) {
    let indent = 0;
    let compact = 0;
    while (i < text.length && text[i] === ' ') { i++; indent++; }
    while (i + 1 < text.length && (text[i] === '-' || text[i] === '?' || text[i] === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      i += 2;
      compact++;
      while (i < text.length && text[i] === ' ') i++;
    }
    if (flow + compact + Math.floor(indent / 4) > MAX_NESTING) return i;
    // The rest of the line (a quoted scalar may run over several lines).
    for (; i < text.length && text[i] !== '\n'; i++) {
      const ch = text[i]!;
      const prev = i > 0 ? text[i - 1]! : '\n';
      if (ch === '#' && /\s/.test(prev)) { while (i < text.length && text[i] !== '\n') i++; break; }
      if ((ch === '"' || ch === "'") && /[\s[{,:]/.test(prev)) { i = quotedEnd(text, i); continue; }
      if (ch === '[' || ch === '{') { if (++flow > MAX_NESTING) return i; }
      else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    }
    i++;
  }
  return -1;
}

/** The UTF-8 length of a string (what Buffer.byteLength gives, without node). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 for each half. A lone surrogate encodes as U+FFFD (3).
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : c >= 0xdc00 && c < 0xe000 &&
      (text.charCodeAt(i - 1) & 0xfc00) === 0xd800 ? 2 : 3;
  }
  return n;
}

/** Reads every Kubernetes object of one file; never throws on bad input. */
export function parseManifests(file: string, text: string, options: ParseOptions = {}): ParsedFile {
  const findings: Finding[] = [];
  const objects: ManifestObject[] = [];
  const sections: ParsedFile['sections'] = [];
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // Bytes, as on disk: a UTF-16 unit is 1 to 3 UTF-8 bytes, so only lengths in between are counted.
  const bytes = text.length > max || text.length * 3 <= max ? text.length : utf8Length(text);
  if (bytes > max) {
    findings.push({ id: 'file-too-large', severity: 'warning', file, span: { start: 0, end: 0 },
      message: `File skipped: ${text.length > max ? `at least ${text.length}` : bytes} bytes, over the limit of ${max} bytes (netpolLens.maxFileSize).` });
    return { objects, findings, sections };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    findings.push({ id: 'binary-file', severity: 'warning', file, span: { start: nul, end: nul + 1 },
      message: 'File skipped: it holds a NUL byte, so it is binary, not YAML or JSON.' });
    return { objects, findings, sections };
  }
  const cache = options.cache;
  const seen = new Set<string>();
  for (const sec of splitSections(text)) {
    const sectionText = text.slice(sec.start, sec.end);
    const cached = cache?.lookup(sectionText);
    // A section the cache has parsed before passed this test then.
    const deep = cached?.docs ? -1 : tooDeep(sectionText);
    if (deep >= 0) {
      const f: Finding = { id: 'yaml-syntax', severity: 'error', file, span: { start: sec.start + deep, end: sec.start + deep + 1 },
        message: `YAML syntax error: nested deeper than ${MAX_NESTING} levels; this document is skipped.` };
      findings.push(f);
      sections.push({ ...sec, docs: [], objects: [], findings: [f] });
      continue;
    }
    // A second section with the same text in this file is read in full (its own findings).
    const first = !seen.has(sectionText);
    seen.add(sectionText);
    const docs = cached?.docs ?? (cache ? cache.parse(sectionText) : parseSection(sectionText));
    // With facts cached for this text, its findings are known, and its objects are the ones found
    // last time, moved to where the section starts now (no walk of the tree, nothing new per
    // object but its span: a keystroke in a large file moves every later section).
    const known = first && cached?.facts !== undefined;
    const kept = known ? cached!.objects : undefined;
    let secObjects: ManifestObject[] = [];
    const secFindings: Finding[] = [];
    if (kept) {
      const delta = sec.start - kept.base;
      const sources = new Set(kept.list.map((o) => o.src));
      for (const src of sources) src.placeAt(src.base + delta);
      if (delta !== 0) {
        // A new span object: the policy read from this object holds the old one, and moves it itself.
        for (const o of kept.list) o.span = { start: o.span.start + delta, end: o.span.end + delta };
        kept.base = sec.start;
      }
      secObjects = kept.list;
    } else {
      // The record's own copy of the text: objects kept across versions must not hold this one.
      const own = cache?.lookup(sectionText)?.key ?? sectionText;
      for (const doc of docs) readDocument(file, sec.start, doc, secObjects, secFindings, own, !known);
      if (cache && first) cache.setObjects(sectionText, secObjects, sec.start);
    }
    sections.push({ ...sec, docs, objects: secObjects, findings: secFindings });
    for (const o of secObjects) objects.push(o);
    for (const f of secFindings) findings.push(f);
  }
  cache?.retain(seen);
  return { objects, findings, sections };
}

function readDocument(file: string, base: number, doc: Document.Parsed, objects: ManifestObject[], findings: Finding[], text: string,
  checkDuplicates = true): void {
  const docSpan = { start: base + doc.range[0], end: base + doc.range[1] };
  if (doc.errors.length > 0) {
    for (const e of doc.errors.slice(0, 5)) {
      const start = base + e.pos[0];
      const end = Math.max(start + 1, base + e.pos[1]);
      findings.push({ id: 'yaml-syntax', severity: 'error', file, span: { start, end },
        message: `YAML syntax error: ${firstLine(e.message)}; this document is skipped.` });
    }
    return;
  }
  const src = new NodeSource(file, base, doc, text);
  // An alias with no anchor before it: kubectl rejects the file; read as null it would mean
  // "every source" in a `from`, so the document is skipped like any syntax error.
  const unknown = text.includes('*') ? unresolvedAlias(doc) : undefined;
  if (unknown) {
    const span = src.span(unknown);
    findings.push({ id: 'yaml-syntax', severity: 'error', file, span: { start: span.start, end: Math.max(span.end, span.start + 1) },
      message: `YAML syntax error: alias *${unknown.source} has no anchor &${unknown.source} before it in this document; this document is skipped.` });
    return;
  }
  if (checkDuplicates) for (const f of duplicateKeys(src, doc.contents as Node | null)) findings.push(f);
  const root = doc.contents;
  if (root === null || root === undefined || (isScalar(root) && root.value === null)) return; // empty document
  try {
    collectObjects(src, root, undefined, objects, findings, docSpan);
  } catch (e) {
    if (e instanceof AliasLimitError) {
      findings.push({ id: 'alias-limit', severity: 'error', file, span: docSpan,
        message: `Too many YAML aliases (${e.message}); this document is skipped to protect against alias bombs.` });
      return;
    }
    throw e;
  }
}

function collectObjects(src: NodeSource, node: unknown, listItemOf: { kind: string; apiVersion: string } | undefined,
  objects: ManifestObject[], findings: Finding[], docSpan: Span): void {
  const n = src.deref(node);
  if (!isMap(n)) {
    if (!listItemOf) findings.push({ id: 'not-kubernetes-object', severity: 'information', file: src.file, span: docSpan,
      message: 'This document is not a Kubernetes object (a map with apiVersion and kind); it is ignored.' });
    return;
  }
  let kind = src.getString(n, 'kind');
  let apiVersion = src.getString(n, 'apiVersion');
  if (listItemOf) {
    kind ??= listItemOf.kind;
    apiVersion ??= listItemOf.apiVersion;
  }
  if (!kind || !apiVersion) {
    findings.push({ id: 'not-kubernetes-object', severity: 'information', file: src.file, span: src.span(n, docSpan),
      message: `This ${listItemOf ? 'list item' : 'document'} has no ${!kind ? 'kind' : 'apiVersion'}, so it is not a Kubernetes object; it is ignored.` });
    return;
  }
  const items = src.get(n, 'items');
  if (kind.endsWith('List') && items && isSeq(items.value)) {
    // `kind: List` items carry their own kind; typed lists (PodList) imply it.
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    for (const item of src.items(items.value)) {
      collectObjects(src, item, itemKind ? { kind: itemKind, apiVersion } : undefined, objects, findings, src.span(item, docSpan));
    }
    return;
  }
  const meta = src.getMap(n, 'metadata');
  objects.push({ file: src.file, src, node: n, apiVersion, kind,
    name: src.getString(meta, 'name'), namespace: src.getString(meta, 'namespace'), span: src.span(n, docSpan) });
}

/**
 * The first alias of a document that names no anchor before it, in one walk in document order
 * (linear: asking each alias to resolve itself would search the document once per alias).
 */
function unresolvedAlias(doc: Document.Parsed): Alias | undefined {
  const anchors = new Set<string>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isAlias(n)) { if (!anchors.has(n.source)) return n; continue; }
    const anchor = (n as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.add(anchor);
    // Children pushed last-first, so they are visited in document order.
    if (isMap(n)) for (let i = n.items.length - 1; i >= 0; i--) { const item = n.items[i]; if (isPair(item)) stack.push(item.value, item.key); }
    else if (isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
  return undefined;
}

/** Finds duplicate keys in every map of a document, iteratively (hostile nesting cannot overflow). */
function duplicateKeys(src: NodeSource, root: Node | null): Finding[] {
  const out: Finding[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isMap(n)) {
      const seen = new Map<string, Span>();
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = keyText(item);
        if (k !== undefined) {
          const ks = src.span(item.key as Node);
          const prev = seen.get(k);
          if (prev) out.push({ id: 'duplicate-key', severity: 'error', file: src.file, span: ks,
            message: `Duplicate key "${k}": the API server rejects it (or keeps only one); remove one.`,
            related: [{ file: src.file, span: prev, message: 'first written here' }] });
          else seen.set(k, ks);
        }
        stack.push(item.value);
      }
    } else if (isSeq(n)) {
      for (const it of n.items) stack.push(it);
    }
  }
  return out;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i >= 0 ? s.slice(0, i) : s).replace(/ at line \d+, column \d+:?$/, '');
}
