// Quoted scalars whose continuation lines sit at (or left of) their key's indent: go-yaml, and so
// kubectl, reads them; the `yaml` library does not. Same-length rewrite, so offsets stay exact.
import { CST, Lexer, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { quotedEnd } from './quoted-scalar';

/** A quoted scalar rewritten onto one line: where it opens, and the value kubectl reads from it. */
export interface Fold {
  start: number;
  value: string;
}

/** Each fold re-lexes the section; a section with more is left to report its syntax error. */
const MAX_FOLDS = 100;

/**
 * The text with each multi-line quoted scalar that the `yaml` library cuts short (a continuation
 * line not indented past its key) written on one line: its line breaks become spaces, so every
 * offset stays where it was. Undefined when there is none, or when go-yaml would reject it too:
 * it never closes, or it is a key (a key cannot span lines). The values are set by `applyFolds`.
 */
export function foldQuotedLines(text: string): { text: string; folds: Fold[] } | undefined {
  if (!text.includes("'") && !text.includes('"')) return undefined;
  let t = text;
  const folds: Fold[] = [];
  while (folds.length < MAX_FOLDS) {
    const open = cutQuoted(t);
    if (open < 0) break;
    const close = quotedEnd(t, open);
    if (close >= t.length) return undefined; // never closes: a real error
    if (/^[ \t]*:/.test(t.slice(close + 1, close + 80))) return undefined; // a key over several lines
    const source = t.slice(open, close + 1);
    const value = flowValue(source);
    if (value === undefined) return undefined; // a bad escape: go-yaml rejects it too
    folds.push({ start: open, value });
    t = t.slice(0, open) + source.replace(/[\r\n]/g, ' ') + t.slice(close + 1);
  }
  return folds.length > 0 ? { text: t, folds } : undefined;
}

/**
 * The offset of the first quoted scalar the `yaml` lexer cuts at a line end (it ends the scalar
 * where a line is not indented enough), or -1. Tokens follow each other in the text, except the
 * lexer's zero-width markers; a token after the plain/block scalar marker is that scalar's text.
 */
function cutQuoted(text: string): number {
  let at = 0;
  let afterScalarMark = false;
  for (const tok of new Lexer().lex(text)) {
    const type = CST.tokenType(tok);
    if (type === 'doc-mode' || type === 'flow-error-end' || type === 'scalar') {
      afterScalarMark = type === 'scalar';
      continue;
    }
    if (!afterScalarMark && (type === 'single-quoted-scalar' || type === 'double-quoted-scalar') && quotedEnd(tok, 0) >= tok.length) return at;
    afterScalarMark = false;
    at += tok.length;
  }
  return -1;
}

/**
 * A quoted scalar's value, folded as YAML (and go-yaml) fold flow scalars: one line break is a
 * space, n breaks are n-1 newlines, indentation dropped, escapes read. Read by the `yaml` library
 * from the scalar alone, with its continuation lines indented.
 */
function flowValue(source: string): string | undefined {
  const doc = parseDocument(source.replace(/\r\n|\r|\n/g, '$& '), { prettyErrors: false });
  return doc.errors.length === 0 && isScalar(doc.contents) && typeof doc.contents.value === 'string' ? doc.contents.value : undefined;
}

/** Gives the scalars parsed from the rewritten text the values kubectl reads; false if one is missing. */
export function applyFolds(docs: Document.Parsed[], folds: Fold[]): boolean {
  const byStart = new Map(folds.map((f) => [f.start, f.value]));
  let found = 0;
  for (const doc of docs) {
    const stack: unknown[] = [doc.contents];
    while (stack.length > 0) {
      const n = stack.pop();
      if (isScalar(n)) {
        const value = n.range ? byStart.get(n.range[0]) : undefined;
        // Only plain string scalars: a tag would resolve the folded text itself (`!!binary`).
        if (value !== undefined && typeof n.value === 'string' && !n.tag) { n.value = value; n.source = value; found++; }
      } else if (isMap(n)) for (const item of n.items) { if (isPair(item)) stack.push(item.key, item.value); }
      else if (isSeq(n)) for (const it of n.items) stack.push(it);
    }
  }
  return found === folds.length;
}
