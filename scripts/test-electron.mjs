// `npm run test:electron`: the same API suite (test/vscode/suite.ts) in a downloaded VS Code
// desktop build, for machines that can reach update.code.visualstudio.com. CI on the offline
// machines runs the suite inside code-server instead (test/e2e).
import { runTests } from '@vscode/test-electron';
import { resolve } from 'node:path';
import { mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const workspace = mkdtempSync(resolve(tmpdir(), 'netpol-shop-'));
cpSync(resolve(root, 'examples', 'shop'), workspace, { recursive: true });
// The suite's Compare Flows with HEAD test needs a committed workspace, as in test/e2e/workspace.ts.
for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-qm', 'manifests']]) {
  const r = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args],
    { cwd: workspace, encoding: 'utf8' });
  if (r.status !== 0) { console.error(`test:electron: git ${args.join(' ')} failed: ${r.stderr}`); process.exit(1); }
}
try {
  await runTests({
    version: '1.96.4',
    extensionDevelopmentPath: root,
    extensionTestsPath: resolve(root, 'out', 'vscode', 'suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`test:electron failed: ${e.message ?? e}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
