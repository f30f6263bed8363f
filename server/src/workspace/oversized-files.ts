// Disk files left out of the index for their size, so the server can say which (log and status):
// the store skips them by size before reading. Node fs only; no LSP here.
import { statSync } from 'node:fs';
import { sep } from 'node:path';

/** Disk files skipped for being over `netpolLens.maxFileSize`: path → size in bytes. */
export class OversizedFiles {
  private readonly sizes = new Map<string, number>();

  /**
   * Checks a manifest file the store did not index: returns a line for the log when it is skipped
   * for its size and was not reported at this size before; otherwise forgets it.
   */
  check(path: string, max: number): string | undefined {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      size = 0;
    }
    if (size <= max) { this.sizes.delete(path); return undefined; }
    if (this.sizes.get(path) === size) return undefined;
    this.sizes.set(path, size);
    return `netpol-lens: skipped ${path}: ${size} bytes, over netpolLens.maxFileSize (${max} bytes); raise the setting to analyze it.`;
  }

  /** Forgets a file (indexed now, or deleted), or every file under a deleted or removed folder. */
  forget(path: string): void {
    this.sizes.delete(path);
    const under = path.endsWith(sep) ? path : path + sep;
    for (const p of [...this.sizes.keys()]) if (p.startsWith(under)) this.sizes.delete(p);
  }

  /** Forgets every file (before the whole workspace is indexed again). */
  clear(): void {
    this.sizes.clear();
  }

  /** How many files are skipped for their size. */
  get count(): number {
    return this.sizes.size;
  }
}
