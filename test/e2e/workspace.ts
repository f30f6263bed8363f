// Temp copies of a fixture folder for the real-editor tests, optionally committed to git with
// the repository's root one folder above the workspace (as in a monorepo).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** How to lay out the copy. */
export interface WorkspaceOptions {
  /** `root`: the workspace is the repository; `subfolder`: the repository's root is its parent. */
  git?: 'root' | 'subfolder';
  /** Extra files (path relative to the workspace, `../x` for the repository root) and their text. */
  files?: Record<string, string>;
}

/** A temp workspace and how to remove it. */
export interface TempWorkspace {
  /** The folder the editor opens. */
  workspace: string;
  /** Removes every temp folder. */
  dispose(): void;
}

/** Runs git in `cwd` with a fixed identity; throws with git's message when it fails. */
export function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args],
    { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Copies `fixtureDir` into a temp folder (and commits it when `git` is set). */
export function makeWorkspace(fixtureDir: string, options: WorkspaceOptions = {}): TempWorkspace {
  const tmp = mkdtempSync(join(tmpdir(), 'netpol-ws-'));
  const repo = join(tmp, 'repo');
  const workspace = options.git === 'subfolder' ? join(repo, 'shop') : repo;
  cpSync(fixtureDir, workspace, { recursive: true });
  for (const [rel, text] of Object.entries(options.files ?? {})) {
    const p = join(workspace, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  if (options.git) {
    git(repo, ['init', '-q']);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-qm', 'manifests']);
  }
  return { workspace, dispose: () => rmSync(tmp, { recursive: true, force: true }) };
}
