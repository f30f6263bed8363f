// The indentation style a YAML file is written in (2 or 4 spaces, sequences indented under
// their key or not, LF or CRLF), read from the text alone so it works on half-typed files too.

/** How a file indents, so inserted YAML looks like the user's own. */
export interface IndentStyle {
  /** Spaces per nesting level of a map. */
  unit: 2 | 4;
  /** `key:\n  - item` (true) or `key:\n- item` (false, kubectl's output style). */
  indentSequences: boolean;
  /** The file's line break. */
  newline: '\n' | '\r\n';
}

/** The style used when a file gives no evidence: 2 spaces, indented sequences, LF. */
export const DEFAULT_STYLE: IndentStyle = { unit: 2, indentSequences: true, newline: '\n' };

const KEY_OPENS_BLOCK = /^( *)(?:- +)?[^\s#-][^#]*?:[ \t]*(?:#.*)?$/;
const BLOCK_SCALAR = /:[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/** How much of a file is read for its style: a file keeps one style, and code actions run per cursor move. */
const SAMPLE = 64 * 1024;

/**
 * Reads the style from the file's lines (its first 64 KB): every `key:` line that opens a block
 * votes with the line under it (a deeper key votes for its indentation unit; a `- ` item votes
 * for whether sequences are indented). The majority wins; ties and silence give the default.
 */
export function detectIndentStyle(text: string): IndentStyle {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = (text.length > SAMPLE ? text.slice(0, text.lastIndexOf('\n', SAMPLE) + 1) : text).split(/\r?\n/);
  const units = { 2: 0, 4: 0 };
  let indented = 0;
  let flush = 0;
  let scalarIndent = -1; // inside a block scalar deeper than this: its lines are text, not YAML
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = /^ */.exec(line)![0].length;
    if (scalarIndent >= 0) {
      if (line.trim() === '' || indent > scalarIndent) continue;
      scalarIndent = -1;
    }
    if (BLOCK_SCALAR.test(line)) { scalarIndent = indent; continue; }
    const m = KEY_OPENS_BLOCK.exec(line);
    if (!m) continue;
    // The column of the key itself (after a `- ` that opens a sequence item).
    const keyCol = line.length - line.slice(m[1]!.length).replace(/^- +/, '').length;
    const next = nextContentLine(lines, i + 1);
    if (next === undefined) continue;
    const nextIndent = /^ */.exec(next)![0].length;
    if (/^ *- /.test(next) || /^ *-$/.test(next)) {
      if (nextIndent === keyCol) flush++;
      else if (nextIndent > keyCol) {
        indented++;
        vote(units, nextIndent - keyCol);
      }
    } else if (nextIndent > keyCol) {
      vote(units, nextIndent - keyCol);
    }
  }
  return {
    unit: units[4] > units[2] ? 4 : 2,
    indentSequences: flush <= indented,
    newline,
  };
}

function vote(units: { 2: number; 4: number }, diff: number): void {
  if (diff === 2) units[2]++;
  else if (diff === 4) units[4]++;
}

function nextContentLine(lines: string[], from: number): string | undefined {
  for (let j = from; j < lines.length && j < from + 50; j++) {
    const l = lines[j]!;
    if (l.trim() === '' || /^ *#/.test(l)) continue;
    return l;
  }
  return undefined;
}

/** A node of YAML to write: a scalar line, a map of keys, or a sequence of items. */
export type YamlTree = string | { map: [string, YamlTree][] } | { seq: YamlTree[] };

/**
 * Writes a tree as block YAML lines in a style, indented by `indent` spaces. Scalars are
 * written as given (the caller quotes them); `{}` and `[]` strings stay flow style.
 */
export function writeYaml(tree: { map: [string, YamlTree][] }, style: IndentStyle, indent = 0): string[] {
  const out: string[] = [];
  writeMap(tree.map, style, indent, out, '');
  return out;
}

function writeMap(entries: [string, YamlTree][], style: IndentStyle, col: number, out: string[], firstPrefix: string): void {
  entries.forEach(([key, value], i) => {
    const prefix = i === 0 && firstPrefix ? firstPrefix : ' '.repeat(col);
    if (typeof value === 'string') {
      out.push(`${prefix}${key}: ${value}`);
    } else if ('map' in value) {
      out.push(`${prefix}${key}:`);
      writeMap(value.map, style, col + style.unit, out, '');
    } else {
      out.push(`${prefix}${key}:`);
      writeSeq(value.seq, style, style.indentSequences ? col + style.unit : col, out);
    }
  });
}

function writeSeq(items: YamlTree[], style: IndentStyle, dashCol: number, out: string[]): void {
  for (const item of items) {
    const dash = `${' '.repeat(dashCol)}- `;
    if (typeof item === 'string') out.push(`${dash}${item}`);
    else if ('map' in item) writeMap(item.map, style, dashCol + 2, out, dash);
    else throw new Error('a sequence directly inside a sequence is not written');
  }
}
