// Gives garbage back between large batches of work (the initial indexing of thousands of files):
// V8 otherwise lets the old generation grow far past what is live, and a language server's
// peak memory is what users see. Node-only; the engine never calls it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Runs a full garbage collection now (`--expose-gc` is switched on the first time). */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** Calls `collectGarbage` each time about `bytes` more have been read. */
export function garbageEvery(bytes: number): (read: number) => void {
  let since = 0;
  return (read) => {
    since += read;
    if (since < bytes) return;
    since = 0;
    collectGarbage();
  };
}

/**
 * Lets the old generation grow at most `percent` over what the last full collection kept alive
 * before the next one. V8's default (up to several times the live size) suits short programs; a
 * language server receives a large document's whole text with every keystroke (full sync), and
 * that garbage would otherwise pile up to twice the live heap. No limit: a larger workspace
 * just collects more often.
 */
export function boundHeapGrowth(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
