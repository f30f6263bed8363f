// A manifest file's text as editors show it: UTF-8 (a leading BOM dropped) or UTF-16 with a BOM
// (PowerShell's `>` writes UTF-16LE), decoded. Node fs only; no engine logic.
import { readFileSync } from 'node:fs';

/**
 * A file's text as editors show it, so offsets into files on disk and into open documents agree:
 * a UTF-8 byte order mark is dropped (editors strip it), and a UTF-16 file with a byte order mark
 * (little- or big-endian) is decoded, as kubectl decodes it. Without a BOM the bytes are UTF-8.
 */
export function readManifestText(path: string): string {
  return decodeManifest(readFileSync(path));
}

/** Decodes a manifest's bytes by their byte order mark (UTF-8 without one); the BOM is not kept. */
export function decodeManifest(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Node has no UTF-16BE decoder: swap each pair into a copy (an odd last byte is dropped).
    const le = Buffer.alloc((bytes.length - 2) & ~1);
    for (let i = 0; i < le.length; i += 2) { le[i] = bytes[i + 3]!; le[i + 1] = bytes[i + 2]!; }
    return le.toString('utf16le');
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
