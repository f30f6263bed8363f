// The rendered output of a target as the engine reads it: one YAML stream whose documents each
// know the source file they came from (Helm's `# Source:` comment, kustomize's origin
// annotation), and the way back from a finding on the output to a line of that source.
import { splitSections } from '../parse-manifests';
import type { Finding, Span } from '../types';
import { joinPath, normalizePath } from './posix-path';

/** One document of rendered output, with its span in the output and its source (relative path). */
export interface RenderedDocument {
  span: Span;
  /** The source file relative to the workspace folder, when the renderer says it. */
  source?: string;
  /** The object's kind, as written in the output (for finding the object in its source). */
  kind?: string;
}

/** A target's rendered output, ready for the engine. */
export interface RenderedOutput {
  /** The stream the engine reads (documents rendered before by another target left out). */
  text: string;
  documents: RenderedDocument[];
}

const SOURCE_COMMENT = /^# Source: (.+)$/m;
const ORIGIN_PATH = /config\.kubernetes\.io\/origin: \|\s*\n\s+path: (.+)/;
const KIND = /^kind: *["']?([A-Za-z0-9]+)/m;

/**
 * Splits renderer output into documents with their sources. `helmChart`: the chart's folder
 * (a `# Source: NAME/templates/x.yaml` path starts with the chart's name, which stands for it);
 * `originBase`: the folder kustomize's origin paths are relative to. `seen` holds documents that
 * earlier targets rendered: an identical object rendered twice counts once.
 */
export function splitRendered(raw: string, from: { helmChart?: string; originBase?: string }, seen: Set<string>): RenderedOutput {
  const docs: RenderedDocument[] = [];
  const parts: string[] = [];
  let length = 0;
  for (const sec of splitSections(raw)) {
    let body = raw.slice(sec.start, sec.end);
    if (!/\S/.test(body.replace(/^(---.*|#.*)$/gm, ''))) continue; // empty or comments only
    const key = body.replace(SOURCE_COMMENT, '').replace(/^---.*\n/, '').trim();
    if (seen.has(key)) continue;
    seen.add(key);
    if (!body.startsWith('---')) body = `---\n${body}`;
    if (!body.endsWith('\n')) body += '\n';
    let source: string | undefined;
    const helm = SOURCE_COMMENT.exec(body);
    if (helm && from.helmChart !== undefined) source = joinPath(from.helmChart, helm[1]!.trim().replace(/^[^/]+\/?/, ''));
    const origin = ORIGIN_PATH.exec(body);
    if (origin && from.originBase !== undefined) source = joinPath(from.originBase, origin[1]!.trim().replace(/^["']|["']$/g, ''));
    docs.push({ span: { start: length, end: length + body.length }, source: source === undefined ? undefined : normalizePath(source),
      kind: KIND.exec(body)?.[1] });
    parts.push(body);
    length += body.length;
  }
  return { text: parts.join(''), documents: docs };
}

/** Where a finding on rendered output lands in a source file. */
export interface SourceLocation {
  source: string;
  span: Span;
  /** Whether the offending line itself was found in the source (else the object's first line). */
  exact: boolean;
  /** The rendered line the finding points at, for the message when not exact. */
  renderedLine: string;
}

/**
 * Maps a span of the rendered output to its source: the same line (key and value) in the
 * source's copy of the object when the source shows it, else the object's `kind:` line, else
 * the start of the file. `sourceText` reads a source file's text.
 */
export function mapToSource(out: RenderedOutput, span: Span, sourceText: (rel: string) => string | undefined): SourceLocation | undefined {
  const doc = out.documents.find((d) => span.start >= d.span.start && span.start < d.span.end) ?? out.documents.find((d) => span.start === d.span.end);
  if (!doc?.source) return undefined;
  const rendered = lineAt(out.text, span.start);
  const renderedLine = rendered.text.trim();
  const text = sourceText(doc.source);
  if (text === undefined) return { source: doc.source, span: { start: 0, end: 0 }, exact: false, renderedLine };
  // The object's place in the source: the n-th `kind: K` line, n counted among earlier documents
  // of the same source and kind (a template renders its objects in order).
  const nth = out.documents.filter((d) => d.source === doc.source && d.kind === doc.kind && d.span.start < doc.span.start).length;
  const kindLines = [...text.matchAll(new RegExp(`^[ \\t]*kind:[ \\t]*["']?${escape(doc.kind ?? '')}["']?[ \\t]*$`, 'gm'))];
  const anchor = kindLines[nth] ?? kindLines[0];
  const objStart = anchor ? text.lastIndexOf('\n---', anchor.index!) + 1 : 0;
  const nextDoc = text.indexOf('\n---', anchor?.index ?? 0);
  const objLines = [...linesIn(text, objStart, nextDoc < 0 ? text.length : nextDoc)];
  const wanted = stripDash(renderedLine);
  if (wanted !== '' && renderedLine.includes(':')) {
    const same = objLines.find((l) => stripDash(l.text.trim()) === wanted);
    if (same) return { source: doc.source, span: contentSpan(same), exact: true, renderedLine };
  }
  // A templated value (`port: {{ .Values.port }}`): the line with the same key whose value is a
  // template, the n-th such key of the object in both.
  const key = keyOf(wanted);
  if (key) {
    const n = [...linesIn(out.text, doc.span.start, rendered.start)].filter((l) => hasKey(l, key)).length;
    const templated = objLines.filter((l) => hasKey(l, key))[n];
    if (templated?.text.includes('{{')) return { source: doc.source, span: contentSpan(templated), exact: false, renderedLine };
  }
  const at = anchor ? anchor.index! + anchor[0].length - anchor[0].trimStart().length : 0;
  return { source: doc.source, span: anchor ? { start: at, end: anchor.index! + anchor[0].trimEnd().length } : { start: 0, end: 0 }, exact: false,
    renderedLine };
}

/** A finding on rendered output, restated on its source file (undefined when it has none). */
export function findingOnSource(out: RenderedOutput, f: Finding, target: string, sourceFile: (rel: string) => string,
  sourceText: (rel: string) => string | undefined): Finding | undefined {
  const loc = mapToSource(out, f.span, sourceText);
  if (!loc) return undefined;
  const note = loc.exact ? ` (rendered by ${target})` : ` (rendered by ${target}: \`${loc.renderedLine}\`)`;
  return { id: f.id, severity: f.severity, message: f.message + note, file: sourceFile(loc.source), span: loc.span, renderedBy: target };
}

/**
 * The way back: the offset in a target's output of what a source line became. The line itself
 * when the output shows it; for a templated value (`port: {{ .Values.port }}`) the n-th line with
 * the same key; in the n-th document rendered from that source when it has several.
 */
export function mapFromSource(out: RenderedOutput, source: string, sourceText: string, offset: number): number | undefined {
  const docs = out.documents.filter((d) => d.source === source);
  if (docs.length === 0) return undefined;
  const at = lineAt(sourceText, offset);
  const wanted = stripDash(at.text.trim());
  if (wanted === '' || wanted.startsWith('{{')) return undefined;
  // Which object of the source: documents are separated by `---` lines (before the cursor).
  const objStart = Math.max(0, sourceText.lastIndexOf('\n---', at.start - 1) + 1);
  const nth = (sourceText.slice(0, objStart).match(/^---/gm) ?? []).length;
  const ordered = docs[nth] ? [docs[nth]!, ...docs.filter((d) => d !== docs[nth])] : docs;
  const key = keyOf(wanted);
  const templated = at.text.includes('{{');
  const keyIndex = key ? [...linesIn(sourceText, objStart, at.start)].filter((l) => hasKey(l, key)).length : 0;
  for (const d of ordered) {
    const lines = [...linesIn(out.text, d.span.start, d.span.end)];
    const hit = !templated ? lines.find((l) => stripDash(l.text.trim()) === wanted) : key ? lines.filter((l) => hasKey(l, key))[keyIndex] : undefined;
    if (hit) return contentSpan(hit).start;
  }
  return undefined;
}

/** One line of a text: where it starts, and its text without the newline. */
export interface TextLine {
  start: number;
  text: string;
}

/** The line holding `offset`. */
export function lineAt(text: string, offset: number): TextLine {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return { start, text: text.slice(start, end < 0 ? undefined : end) };
}

/** The lines of text[start, end), the last one cut at `end`. */
function* linesIn(text: string, start: number, end: number): Generator<TextLine> {
  for (let i = start; i < end;) {
    const e = text.indexOf('\n', i);
    const stop = e < 0 || e > end ? end : e;
    yield { start: i, text: text.slice(i, stop) };
    i = stop + 1;
  }
}

/** A line's content without its indentation and trailing blanks. */
function contentSpan(l: TextLine): Span {
  return { start: l.start + l.text.length - l.text.trimStart().length, end: l.start + l.text.trimEnd().length };
}

/** The key a (dash-stripped, trimmed) line starts with, if any. */
function keyOf(line: string): string | undefined {
  return /^([\w.\/-]+):/.exec(line)?.[1];
}

/** Whether a line (a list item's dash aside) starts with `key:`. */
function hasKey(l: TextLine, key: string): boolean {
  return stripDash(l.text.trim()).startsWith(key + ':');
}

function stripDash(line: string): string {
  return line.replace(/^-\s+/, '').replace(/\s+#.*$/, '');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
