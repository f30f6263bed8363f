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
  const lineStart = out.text.lastIndexOf('\n', span.start - 1) + 1;
  const lineEnd = out.text.indexOf('\n', span.start);
  const renderedLine = out.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim();
  const text = sourceText(doc.source);
  if (text === undefined) return { source: doc.source, span: { start: 0, end: 0 }, exact: false, renderedLine };
  // The object's place in the source: the n-th `kind: K` line, n counted among earlier documents
  // of the same source and kind (a template renders its objects in order).
  const nth = out.documents.filter((d) => d.source === doc.source && d.kind === doc.kind && d.span.start < doc.span.start).length;
  const kindLines = [...text.matchAll(new RegExp(`^[ \\t]*kind:[ \\t]*["']?${escape(doc.kind ?? '')}["']?[ \\t]*$`, 'gm'))];
  const anchor = kindLines[nth] ?? kindLines[0];
  const objStart = anchor ? text.lastIndexOf('\n---', anchor.index!) + 1 : 0;
  const nextDoc = text.indexOf('\n---', anchor?.index ?? 0);
  const objEnd = nextDoc < 0 ? text.length : nextDoc;
  const wanted = stripDash(renderedLine);
  if (wanted !== '' && renderedLine.includes(':')) {
    for (let i = objStart; i < objEnd;) {
      const e = text.indexOf('\n', i);
      const end = e < 0 || e > objEnd ? objEnd : e;
      const line = text.slice(i, end);
      if (stripDash(line.trim()) === wanted) {
        const lead = line.length - line.trimStart().length;
        return { source: doc.source, span: { start: i + lead, end: i + line.trimEnd().length }, exact: true, renderedLine };
      }
      i = end + 1;
    }
  }
  // A templated value (`port: {{ .Values.port }}`): the line with the same key whose value is a
  // template, the n-th such key of the object in both.
  const key = /^([\w.\/-]+):/.exec(wanted)?.[1];
  if (key) {
    const ordinal = (lines: string[]) => lines.filter((l) => stripDash(l.trim()).startsWith(key + ':')).length;
    const before = out.text.slice(doc.span.start, lineStart).split('\n');
    const n = ordinal(before);
    let seenKeys = 0;
    for (let i = objStart; i < objEnd;) {
      const e = text.indexOf('\n', i);
      const end = e < 0 || e > objEnd ? objEnd : e;
      const line = text.slice(i, end);
      if (stripDash(line.trim()).startsWith(key + ':')) {
        if (seenKeys === n && line.includes('{{')) {
          const lead = line.length - line.trimStart().length;
          return { source: doc.source, span: { start: i + lead, end: i + line.trimEnd().length }, exact: false, renderedLine };
        }
        seenKeys++;
      }
      i = end + 1;
    }
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
  const lineStart = sourceText.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = sourceText.indexOf('\n', offset);
  const line = sourceText.slice(lineStart, lineEndAt < 0 ? undefined : lineEndAt);
  const wanted = stripDash(line.trim());
  if (wanted === '' || wanted.startsWith('{{')) return undefined;
  // Which object of the source: documents are separated by `---` lines (before the cursor).
  const objStart = Math.max(0, sourceText.lastIndexOf('\n---', lineStart - 1) + 1);
  const nth = (sourceText.slice(0, objStart).match(/^---/gm) ?? []).length;
  const ordered = docs[nth] ? [docs[nth]!, ...docs.filter((d) => d !== docs[nth])] : docs;
  const key = /^([\w.\/-]+):/.exec(wanted)?.[1];
  const keyIndex = key ? sourceText.slice(objStart, lineStart).split('\n').filter((l) => stripDash(l.trim()).startsWith(key + ':')).length : 0;
  for (const d of ordered) {
    const text = out.text.slice(d.span.start, d.span.end);
    let at = 0;
    let sameKey = 0;
    for (const l of text.split('\n')) {
      const t = stripDash(l.trim());
      const lead = l.length - l.trimStart().length;
      if (!line.includes('{{') && t === wanted) return d.span.start + at + lead;
      if (key && line.includes('{{') && t.startsWith(key + ':')) {
        if (sameKey === keyIndex) return d.span.start + at + lead;
        sameKey++;
      }
      at += l.length + 1;
    }
  }
  return undefined;
}

function stripDash(line: string): string {
  return line.replace(/^-\s+/, '').replace(/\s+#.*$/, '');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
