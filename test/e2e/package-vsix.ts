// Packages the extension with vsce (the production build runs as vscode:prepublish), for the
// real-editor tests and the package test.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './repo-root';

/** Packages into `out` (out/e2e/netpol-lens.vsix unless given) and returns its path. */
export function packageVsix(out = join(REPO_ROOT, 'out', 'e2e', 'netpol-lens.vsix')): string {
  mkdirSync(dirname(out), { recursive: true });
  const r = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '-o', out],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`vsce package failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  return out;
}
