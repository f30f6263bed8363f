// The structural path at the cursor inside flow collections (`{matchLabels: {app: |}}`,
// `policyTypes: [|]`, JSON documents), from a scan of the document's text: no parse needed.
import { linePath, type LinePath } from './line-path';
import { quotedEnd } from '../quoted-scalar';

/** One open `{` or `[` around the cursor. */
interface Frame {
  seq: boolean;
  /** Keys written in this map. */
  keys: string[];
  /** The key whose value is being written (after its `:`). */
  key?: string;
  /** The index of the item being written in this sequence. */
  index: number;
}

/** The token being written when the scan stopped: its start, its text, the quote it opened. */
interface Token { start: number; text: string; quote?: '"' | "'"; end?: number }

/** A plain key of a block line, its `- ` dashes, then anything but a comment. */
const BLOCK_LINE = /^([ \t]*)((?:-[ \t]+)*)(?:("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[][^#]*?)[ \t]*:(?:[ \t]+|$))?((?:[&!][^\s]*[ \t]+)*)/;

/**
 * The path at `offset` when it lies inside a flow collection of the YAML document starting at
 * `base`; null inside a flow where nothing completes (a comment); undefined in block context
 * (left to `linePath`). Block lines are read for where a
 * flow collection opens (a value starting with `{` or `[`; block scalars skipped), flow text
 * character by character (quotes, comments, `,` and `:`), so multi-line flows and JSON work.
 */
export function flowPath(text: string, base: number, offset: number): LinePath | null | undefined {
  let scalarIndent = -1; // inside a block scalar deeper than this: its lines are text
  for (let ls = base; ls <= offset && ls < text.length; ) {
    const nl = text.indexOf('\n', ls);
    const le = nl < 0 ? text.length : nl;
    const line = text.slice(ls, le).replace(/\r$/, '');
    const m = BLOCK_LINE.exec(line)!;
    const indent = m[1]!.length;
    let next = nl < 0 ? text.length + 1 : nl + 1;
    if (scalarIndent >= 0 && (line.trim() === '' || indent > scalarIndent)) { ls = next; continue; }
    scalarIndent = -1;
    const valueAt = m[0].length;
    const c = line[valueAt];
    if (c === '|' || c === '>') scalarIndent = indent + m[2]!.length;
    else if ((c === '{' || c === '[') && ls + valueAt < offset) {
      const r = scanFlow(text, ls + valueAt, offset);
      if (r.kind === 'cursor') return toLinePath(text, base, ls + valueAt, r);
      if (r.kind === 'none') return null;
      // The flow closed before the cursor: block lines go on after the line it closed on.
      const closeNl = text.indexOf('\n', r.end);
      next = closeNl < 0 ? text.length + 1 : closeNl + 1;
    }
    ls = next;
  }
  return undefined;
}

/** What the scan of one flow collection found: the cursor inside it, or where it closed. */
type ScanResult =
  | { kind: 'cursor'; frames: Frame[]; token: Token; jsonKeys: boolean; siblingsAfter: string[] }
  | { kind: 'closed'; end: number }
  | { kind: 'none' };

function scanFlow(text: string, start: number, offset: number): ScanResult {
  const frames: Frame[] = [];
  let token: Token | undefined;
  let jsonKeys = false; // whether the last key before the cursor was double-quoted
  let at: { frames: Frame[]; token: Token; jsonKeys: boolean; depth: number; skip: boolean } | undefined;
  const after: string[] = [];
  const keyWritten = (k: string, quote: string | undefined): void => {
    const top = frames[frames.length - 1]!;
    if (!at) { top.keys.push(k); jsonKeys = quote === '"'; }
    else if (frames.length === at.depth) {
      if (at.skip) at.skip = false; // the rest of the word being typed
      else after.push(k);
    }
  };
  const stop = (tok: Token): void => {
    // Copies: the scan goes on past the cursor for the keys written after it.
    const skip = !tok.quote && /[^\s,:{}[\]]/.test(text[offset] ?? ' ');
    at = { frames: frames.map((f) => ({ ...f, keys: [...f.keys] })), token: tok, jsonKeys, depth: frames.length, skip };
    token = undefined;
  };
  for (let i = start; i <= text.length; i++) {
    if (i === offset && !at) stop(token ?? { start: offset, text: '' });
    if (i === text.length || (at && frames.length < at.depth)) break;
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const found = quotedEnd(text, i);
      const close = found < text.length ? found : -1;
      if (!at && offset > i && (close < 0 || close >= offset)) {
        stop({ start: i, text: text.slice(i + 1, offset), quote: ch, end: close < 0 ? offset : close + 1 });
      } else {
        token = { start: i, text: text.slice(i + 1, close < 0 ? text.length : close), quote: ch };
      }
      if (close < 0) break;
      i = close;
      continue;
    }
    if (ch === '#' && /\s/.test(text[i - 1] ?? '')) {
      const nl = text.indexOf('\n', i);
      if (!at && offset > i && (nl < 0 || offset <= nl)) return { kind: 'none' }; // the cursor is in a comment
      if (nl < 0) break;
      i = nl - 1;
      continue;
    }
    const top = frames[frames.length - 1];
    if (ch === '{' || ch === '[') {
      frames.push({ seq: ch === '[', keys: [], index: 0 });
      token = undefined;
    } else if (ch === '}' || ch === ']') {
      if (top && !top.seq && top.key === undefined && token && token.text.trim()) keyWritten(token.text.trim(), token.quote);
      frames.pop();
      token = undefined;
      if (frames.length === 0) {
        if (at) break;
        return { kind: 'closed', end: i + 1 };
      }
    } else if (ch === ',') {
      if (top?.seq) top.index++;
      else if (top) {
        if (top.key === undefined && token && token.text.trim()) keyWritten(token.text.trim(), token.quote);
        top.key = undefined;
      }
      token = undefined;
    } else if (ch === ':' && top && !top.seq && top.key === undefined && (token?.quote || /[\s,{}[\]]/.test(text[i + 1] ?? ' '))) {
      // `key: value`; after a quoted key (JSON) the `:` needs no space.
      const k = token ? token.text.trim() : '';
      keyWritten(k, token?.quote);
      top.key = k;
      token = undefined;
    } else if (!/\s/.test(ch)) {
      if (!token || token.quote) token = { start: i, text: '' };
      token.text = text.slice(token.start, i + 1);
    }
  }
  if (!at) return { kind: 'none' };
  return { kind: 'cursor', frames: at.frames, token: at.token, jsonKeys: at.jsonKeys, siblingsAfter: after };
}


function toLinePath(text: string, base: number, flowStart: number, r: Extract<ScanResult, { kind: 'cursor' }>): LinePath {
  const { frames, token } = r;
  // The block path down to the key (or list item) whose value the flow collection is.
  const outer = linePath(text, base, flowStart);
  const parents = [...outer.parents];
  const km = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#]+?)[ \t]*:[ \t]*(?:[&!][^\s]*[ \t]+)*$/.exec(outer.typed);
  if (km) parents.push(km[1]!.replace(/^["']|["']$/g, ''));
  const inner = frames[frames.length - 1]!;
  for (const f of frames.slice(0, -1)) parents.push(f.seq ? f.index : f.key ?? '');
  if (inner.seq) parents.push(inner.index);
  return {
    parents,
    typed: !inner.seq && inner.key !== undefined ? `${inner.key}: ${token.text}` : token.text,
    item: inner.seq,
    siblings: inner.seq ? [] : [...inner.keys, ...r.siblingsAfter],
    wordStart: token.start,
    // Quote like the user does: the quote just opened, else JSON style when the last key was.
    flow: { quote: token.quote ?? (r.jsonKeys ? '"' : undefined), replaceEnd: token.end },
  };
}
