// `npm run test:electron`: the same API suite (test/vscode/suite.ts) in a downloaded VS Code
// desktop build, for machines that can reach update.code.visualstudio.com. CI on the offline
// machines runs the suite inside code-server instead (test/e2e).
import { runTests } from '@vscode/test-electron';
import { resolve } from 'node:path';
import { mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = resolve(import.meta.dirname, '..');
const workspace = mkdtempSync(resolve(tmpdir(), 'netpol-shop-'));
cpSync(resolve(root, 'examples', 'shop'), workspace, { recursive: true });
try {
  await runTests({
    version: '1.96.4',
    extensionDevelopmentPath: root,
    extensionTestsPath: resolve(root, 'out', 'vscode', 'suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`test:electron failed: ${e.message ?? e}`);
  process.exit(1);
}
