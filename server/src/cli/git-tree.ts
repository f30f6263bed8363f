// Writes the files of a git revision under some paths into a temp folder, with git's plumbing:
// one `ls-tree` for the list and one `cat-file --batch` for every blob (never a process per file).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from './args';

/** A revision's copy of the user's paths: `paths[i]` in the copy stands for the i-th path given. */
export interface RevisionTree {
  /** The temp folder (the repository's root at the revision); the caller removes it. */
  dir: string;
  paths: string[];
}

const MAX_BUFFER = 1 << 30;

/**
 * Copies the files of `rev` under `paths` (relative to the working directory, inside one
 * repository) into a fresh temp folder. A path that does not exist at `rev` becomes an empty
 * folder: nothing was there before. Bad revisions and paths outside the repository are usage errors.
 */
export function readRevision(rev: string, paths: string[], cwd = process.cwd()): RevisionTree {
  const top = git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  const rels = paths.map((p) => {
    const rel = relative(top, resolve(cwd, p));
    if (rel.startsWith('..')) throw new UsageError(`${p}: outside the git repository ${top}`);
    return rel;
  });
  // `^{tree}` makes a bad revision fail here with git's own one-line message.
  git(top, ['rev-parse', '--verify', '--quiet', `${rev}^{tree}`], `unknown revision ${rev}`);
  const listing = git(top, ['ls-tree', '-r', '-z', '--full-tree', rev, '--', ...rels.map((r) => (r === '' ? '.' : r))]).toString('utf8');
  const blobs: { sha: string; path: string }[] = [];
  for (const line of listing.split('\0')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [mode, type, sha] = line.slice(0, tab).split(' ');
    // Regular files only: symlinks (120000) and submodules (commits) are not manifests of this tree.
    if (type === 'blob' && (mode === '100644' || mode === '100755')) blobs.push({ sha: sha!, path: line.slice(tab + 1) });
  }
  const dir = mkdtempSync(join(tmpdir(), 'netpol-lens-base-'));
  if (blobs.length > 0) {
    const batch = git(top, ['cat-file', '--batch'], undefined, blobs.map((b) => b.sha).join('\n') + '\n');
    let at = 0;
    for (const b of blobs) {
      const nl = batch.indexOf(10, at);
      const header = batch.subarray(at, nl).toString('utf8').split(' ');
      const size = Number(header[2]);
      if (header[0] !== b.sha || !Number.isInteger(size)) throw new Error(`git cat-file: unexpected output for ${b.path}`);
      const file = join(dir, b.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, batch.subarray(nl + 1, nl + 1 + size));
      at = nl + 1 + size + 1; // the content is followed by a newline
    }
  }
  const out = rels.map((r) => join(dir, r));
  for (const p of out) if (!blobs.some((b) => join(dir, b.path) === p || join(dir, b.path).startsWith(p + '/'))) mkdirSync(p, { recursive: true });
  return { dir, paths: out };
}

/** Runs git; its failure is a usage error with git's first line of stderr (or `message`). */
function git(cwd: string, args: string[], message?: string, input?: string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER });
  if (r.error) throw new UsageError(`cannot run git (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`);
  if (r.status !== 0) {
    const first = r.stderr.toString('utf8').split('\n').find((l) => l.trim()) ?? `git ${args[0]} failed`;
    throw new UsageError(message ?? first.replace(/^fatal: /, ''));
  }
  return r.stdout;
}
