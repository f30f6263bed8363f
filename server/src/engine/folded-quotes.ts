// Quoted scalars whose continuation lines sit at (or left of) their key's indent: go-yaml, and so
// kubectl, reads them; the `yaml` library does not. Same-length rewrite, so offsets stay exact.
import { CST, Lexer, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { quotedEnd } from './quoted-scalar';

/** A quoted scalar rewritten onto one line: where it opens, and the value kubectl reads from it. */
export interface Fold {
  start: number;
  value: string;
}

/**
 * Each round lexes the section once and folds every cut scalar it finds before the first one it
 * cannot fold; the next round re-lexes what follows with the folds in place. Bounded, so a
 * hostile section costs a few linear passes at most.
 */
const MAX_ROUNDS = 8;

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
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const parts: string[] = [];
    let done = 0; // t[0, done) is copied to parts, folded
    for (const open of cutQuoted(t)) {
      if (open < done) continue; // inside a scalar folded this round: the lexer lost its place
      const close = quotedEnd(t, open);
      // Never closes, or a key over several lines (go-yaml: "mapping values are not allowed"),
      // or a bad escape: go-yaml rejects these too. Later ones wait for the next round.
      const value = close < t.length && !/^[ \t]*:/.test(t.slice(close + 1, close + 80)) ? flowValue(t.slice(open, close + 1)) : undefined;
      if (value === undefined) { if (parts.length === 0) return undefined; break; }
      folds.push({ start: open, value });
      parts.push(t.slice(done, open), t.slice(open, close + 1).replace(/[\r\n]/g, ' '));
      done = close + 1;
    }
    if (parts.length === 0) break;
    t = parts.join('') + t.slice(done);
  }
  return folds.length > 0 ? { text: t, folds } : undefined;
}

/**
 * The offsets of the quoted scalars the `yaml` lexer cuts at a line end (it ends a scalar where a
 * line is not indented enough). Tokens follow each other in the text, except the lexer's
 * zero-width markers; a token after the plain/block scalar marker is that scalar's text.
 */
function cutQuoted(text: string): number[] {
  const cuts: number[] = [];
  let at = 0;
  let afterScalarMark = false;
  for (const tok of new Lexer().lex(text)) {
    const type = CST.tokenType(tok);
    if (type === 'doc-mode' || type === 'flow-error-end' || type === 'scalar') {
      afterScalarMark = type === 'scalar';
      continue;
    }
    if (!afterScalarMark && (type === 'single-quoted-scalar' || type === 'double-quoted-scalar') && quotedEnd(tok, 0) >= tok.length) cuts.push(at);
    afterScalarMark = false;
    at += tok.length;
  }
  return cuts;
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
