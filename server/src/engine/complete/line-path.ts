// The structural path at the cursor from indentation, for half-typed documents that do not
// parse yet: which keys (and list items) enclose the line being typed.

/** Where the cursor is, structurally. */
export interface LinePath {
  /** Enclosing keys and item indexes, outermost first, e.g. ['spec', 'ingress', 0, 'from', 1, 'podSelector']. */
  parents: (string | number)[];
  /** Text typed on this line before the cursor, without indentation and list dash. */
  typed: string;
  /** Whether the cursor's line starts a list item (`- `). */
  item: boolean;
  /** Keys already written at the cursor's level (same map). */
  siblings: string[];
  /** Offset where the word being typed starts. */
  wordStart: number;
  /** Set inside a flow collection, where items are written inline (`key: `, quoted in JSON). */
  flow?: FlowContext;
}

/** How to write an item inside a flow collection. */
export interface FlowContext {
  /** The quote to write keys and string values in: the one the user opened, or `"` in JSON style. */
  quote?: '"' | "'";
  /** Where the replaced text ends when the cursor is inside a quoted word (past its closing quote). */
  replaceEnd?: number;
}

interface Line { dashCol: number; col: number; key?: string; text: string }

function parseLine(raw: string): Line {
  const m = /^( *)(?:(-)( +))?(.*)$/.exec(raw.replace(/\r$/, ''))!;
  const indent = m[1]!.length;
  const dash = m[2] !== undefined;
  const rest = m[4]!;
  const km = /^([^\s:#{}[\],'"][^:#]*?|"[^"]*"|'[^']*')\s*:(\s|$)/.exec(rest);
  return {
    dashCol: dash ? indent : -1,
    col: dash ? indent + 1 + m[3]!.length : indent,
    key: km ? km[1]!.replace(/^["']|["']$/g, '') : undefined,
    text: rest,
  };
}

/** The structure around `offset`; `base` is where the cursor's YAML document starts. */
export function linePath(text: string, base: number, offset: number): LinePath {
  const lineStart = Math.max(base, text.lastIndexOf('\n', offset - 1) + 1);
  const cur = parseLine(text.slice(lineStart, offset));
  const wordStart = offset - /[^\s:{},[\]]*$/.exec(cur.text)![0].length;
  const above = text.slice(base, lineStart).split('\n').reverse().map(parseLine).filter((l) => l.text.trim() !== '' && !l.text.trim().startsWith('#') &&
    !l.text.startsWith('---'));
  const parents: (string | number)[] = [];
  const siblings: string[] = [];
  let col: number;
  let pending = -1; // dash column of the list item we are in, until its key is found
  let items = 0;
  let inOwnMap = true;
  if (cur.dashCol >= 0) { col = cur.dashCol; pending = cur.dashCol; items = 1; inOwnMap = false; }
  else col = cur.col;
  for (const l of above) {
    if (pending >= 0 && l.dashCol === pending) { items++; continue; } // an earlier item of our list
    if (pending >= 0 && l.col <= pending) {
      // The line that owns our list: its key is the parent, we are in item number `items - 1`.
      parents.unshift(items - 1);
      pending = -1;
      if (l.key) {
        parents.unshift(l.key);
        if (l.dashCol >= 0) { pending = l.dashCol; items = 1; col = l.dashCol; } else col = l.col;
      }
      if (col === 0 && pending < 0) break;
      continue;
    }
    if (pending >= 0) continue; // deeper lines of earlier items
    if (l.col === col && l.key) {
      if (inOwnMap) siblings.push(l.key);
      if (l.dashCol >= 0) { inOwnMap = false; pending = l.dashCol; items = 1; col = l.dashCol; }
      continue;
    }
    if (l.col < col && l.key) {
      inOwnMap = false;
      parents.unshift(l.key);
      if (l.dashCol >= 0) { pending = l.dashCol; items = 1; col = l.dashCol; } else col = l.col;
    }
    if (col === 0 && pending < 0) break;
  }
  if (pending >= 0) parents.unshift(items - 1);
  return { parents, typed: cur.text, item: cur.dashCol >= 0, siblings, wordStart };
}
