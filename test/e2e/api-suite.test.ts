// The API suite (test/vscode/suite.ts) inside code-server's real extension host, loaded as an
// extension test the way test-electron would; its exit code comes back through the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { launchBrowser, startCodeServer } from '../helpers/code-server';

test('the VS Code API suite passes in code-server', async () => {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--vscode-suite'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const cs = await startCodeServer(join(ROOT, 'examples', 'shop'), undefined, { git: true });
  const { context, page } = await launchBrowser();
  const log: string[] = [];
  try {
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => log.push(`${type}: ${(args ?? []).map(String).join(' ')}`));
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(ROOT)], ['extensionTestsPath', remote(join(ROOT, 'out', 'vscode', 'suite.js'))]]);
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(cs.workspace)}&payload=${encodeURIComponent(payload)}`);
    const code = await Promise.race([exit, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`the suite did not finish in 240 s\n${log.filter((l) => /ok - |# start|Error|error/.test(l)).join('\n')}`)), 240_000))]);
    const report = log.filter((l) => /ok - |# \d+\/\d+ passed/.test(l)).join('\n');
    assert.equal(code, 0, `API suite failed:\n${log.join('\n')}`);
    assert.match(report, /# 9\/9 passed/, log.join('\n'));
  } finally {
    await context.close();
    await cs.stop();
  }
});
