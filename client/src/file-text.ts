// A committed file's text as editors show it (Compare Flows with HEAD): UTF-8, or UTF-16 by its
// byte order mark, the mark dropped, as the server reads files on disk. No vscode import.

/** Decodes a file's bytes by their byte order mark (UTF-8 without one); the mark is not kept. */
export function decodeFileText(bytes: Uint8Array): string {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  // TextDecoder drops a leading BOM of its encoding (ignoreBOM is false by default).
  return new TextDecoder(encoding).decode(bytes);
}
