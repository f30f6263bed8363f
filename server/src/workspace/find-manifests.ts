// Finds manifest files under the paths a user names, skipping what is never a manifest
// (node_modules, .git, excluded globs). Node fs only; no analysis here: whether a file is a
// template or a render target's input is decided by the engine (read-file, sources/).
import { readdirSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { globToRegExp } from './glob';

/** Extensions of files that may hold manifests. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** A path that could not be used, with the reason. */
export interface PathProblem {
  path: string;
  message: string;
}

/** Options for the search. */
export interface FindOptions {
  /** Glob patterns (relative to the root searched) of files or folders to skip. */
  exclude?: string[];
}

/**
 * Lists manifest files under each path. A file named directly is always included; folders
 * are searched recursively for .yaml/.yml/.json.
 */
export function findManifests(paths: string[], options: FindOptions = {}): { files: string[]; problems: PathProblem[] } {
  const files: string[] = [];
  const problems: PathProblem[] = [];
  const excludes = (options.exclude ?? []).map(globToRegExp);
  for (const root of paths) {
    let st: Stats;
    try {
      st = statSync(root);
    } catch {
      problems.push({ path: root, message: 'no such file or directory' });
      continue;
    }
    if (st.isFile()) { files.push(root); continue; }
    walkFolder(root, excludes, (rel, path) => {
      if (MANIFEST_EXTENSIONS.some((ext) => rel.endsWith(ext))) files.push(path);
    }, (dir, e) => problems.push({ path: dir, message: `cannot read directory (${e.code ?? 'error'})` }));
  }
  return { files: [...new Set(files)].sort(), problems };
}

/**
 * Walks every file under `root` (folders in name order), skipping `node_modules`, `.git` and what
 * an exclude glob matches: `onFile` gets its `/`-separated path relative to the root and its path;
 * `onError` a folder that could not be read. `limit` stops the walk after that many files.
 */
export function walkFolder(
  root: string, excludes: RegExp[], onFile: (rel: string, path: string) => void,
  onError: (dir: string, e: NodeJS.ErrnoException) => void = () => undefined, limit = Infinity,
): void {
  const stack = [root];
  let seen = 0;
  while (stack.length > 0 && seen < limit) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      onError(dir, e as NodeJS.ErrnoException);
      continue;
    }
    for (const name of names.reverse()) {
      const p = join(dir, name);
      const rel = toSlashes(relative(root, p));
      if (excludes.some((re) => re.test(rel))) continue;
      let s: Stats;
      try { s = statSync(p); } catch { continue; }
      if (s.isDirectory()) { if (!SKIPPED_DIRS.has(name)) stack.push(p); }
      else { onFile(rel, p); seen++; }
    }
  }
}

/**
 * Whether the folder search would list a file, given its path relative to the root searched
 * (`/`-separated): a manifest extension, no `node_modules` or `.git` folder on the way, no
 * exclude glob matching it. An exclude that matches a folder matches every path below it.
 */
export function wouldFind(rel: string, excludes: RegExp[]): boolean {
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '..')) return false;
  if (parts.slice(0, -1).some((p) => SKIPPED_DIRS.has(p))) return false;
  if (!MANIFEST_EXTENSIONS.some((ext) => rel.endsWith(ext))) return false;
  return !excludes.some((re) => re.test(rel));
}

/**
 * Whether the folder search of `root` would list `path` (file system paths): strictly under it,
 * and `wouldFind` of the path relative to it.
 */
export function wouldFindUnder(root: string, path: string, excludes: RegExp[]): boolean {
  const rel = relative(root, path);
  return rel !== '' && !isAbsolute(rel) && wouldFind(toSlashes(rel), excludes);
}

/** A relative file system path with `/` separators (as globs and `wouldFind` expect). */
export function toSlashes(rel: string): string {
  return rel.split(sep).join('/');
}
