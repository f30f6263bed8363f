// Writes `{"a": [...], "b": [...]}` as `JSON.stringify(value, null, 2)` would, one array item at
// a time, so output of any length needs memory for one chunk only. Pure: no node streams.

/** Where chunks of text go (stdout, a file, a string builder). */
export type Sink = (chunk: string) => void;

const CHUNK = 1 << 16;

/** The indentation of an item of a top-level array. */
export const ITEM_INDENT = '    ';

/** `JSON.stringify(value, null, 2)` for a value whose first line sits at `indent`. */
export function jsonAt(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, '\n' + indent);
}

/**
 * Writes an object whose keys are arrays, byte for byte as `JSON.stringify(obj, null, 2)` and a
 * newline; each item comes rendered (`jsonAt(item, ITEM_INDENT)`); chunks of about 64 KiB go to `out`.
 */
export function writeJsonArrays(fields: [key: string, items: Iterable<string>][], out: Sink): void {
  let buf = '{';
  const flush = () => { out(buf); buf = ''; };
  fields.forEach(([key, items], i) => {
    buf += `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: [`;
    let n = 0;
    for (const item of items) {
      buf += `${n++ === 0 ? '' : ','}\n${ITEM_INDENT}${item}`;
      if (buf.length >= CHUNK) flush();
    }
    buf += n === 0 ? ']' : '\n  ]';
  });
  buf += fields.length === 0 ? '}\n' : '\n}\n';
  flush();
}
