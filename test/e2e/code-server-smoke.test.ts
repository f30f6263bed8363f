// Smoke test of the real-editor plumbing (test/e2e/code-server.ts), without our extension: Quick Open
// shows a file, stop() ends the process group, a .vsix and an extensionDevelopmentPath load.
// Needs scripts/install-test-tools.sh; without it this fails (never skips). Filter: code-server-smoke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, launchBrowser, quickOpen, startCodeServer, waitForEditorLines, waitForWorkbench, type Browser, type CodeServer } from './code-server';

const HELLO = ['# written by the code-server smoke test', 'greeting: hello from code-server', 'items:', '  - one', '  - two'];

test('code-server shows a file opened with Quick Open, and stop() ends its whole process group', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'netpol-smoke-ws-'));
  writeFileSync(join(workspace, 'hello.yaml'), HELLO.join('\n') + '\n');
  const results = join(REPO_ROOT, 'test-results');
  mkdirSync(results, { recursive: true });
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    cs = await startCodeServer({ workspace });
    assert.equal((await fetch(`${cs.url}/healthz`)).status, 200);
    browser = await launchBrowser();
    const { page } = browser;
    try {
      await page.goto(cs.workbenchUrl);
      await waitForWorkbench(page);
      await quickOpen(page, 'hello.yaml');
      await waitForEditorLines(page, HELLO);
      await page.screenshot({ path: join(results, 'code-server-smoke.png') });
    } catch (e) {
      await page.screenshot({ path: join(results, 'FAILED-code-server-smoke.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- code-server log ---\n${cs.log()}`);
    }
  } finally {
    await browser?.close();
    await cs?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
  // Nothing of the group is left: the extension host went with the server, and the port is closed.
  assert.throws(() => process.kill(-cs!.pid, 0), { code: 'ESRCH' });
  await assert.rejects(fetch(`${cs.url}/healthz`));
});

/** A minimal extension whose status bar item proves it is active. */
function tinyExtension(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name, displayName: name, publisher: 'netpol-lens-tests', version: '0.0.1', license: 'MIT',
    repository: { type: 'git', url: 'https://example.invalid/tiny.git' },
    engines: { vscode: '^1.96.0' }, main: './extension.js', activationEvents: ['onStartupFinished'],
  }));
  writeFileSync(join(dir, 'extension.js'), `const vscode = require('vscode');
exports.activate = (context) => {
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 1000);
  item.text = '${name} active';
  item.show();
  context.subscriptions.push(item);
};
`);
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  writeFileSync(join(dir, 'README.md'), `# ${name}\n\nA test extension.\n`);
  return dir;
}

test('startCodeServer installs a .vsix and loads an extensionDevelopmentPath', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'netpol-smoke-ext-'));
  const workspace = join(tmp, 'ws');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'hello.yaml'), 'greeting: hello\n');
  const packaged = tinyExtension(join(tmp, 'packaged'), 'smoke-vsix');
  const vsix = join(tmp, 'smoke-vsix.vsix');
  const vsce = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '-o', vsix],
    { cwd: packaged, encoding: 'utf8', timeout: 60_000 });
  assert.equal(vsce.status, 0, `vsce package failed:\n${vsce.stdout}\n${vsce.stderr}`);
  const dev = tinyExtension(join(tmp, 'dev'), 'smoke-dev');
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    cs = await startCodeServer({ workspace, vsix, extensionDevelopmentPath: dev });
    browser = await launchBrowser();
    const { page } = browser;
    try {
      await page.goto(cs.workbenchUrl);
      await waitForWorkbench(page);
      for (const text of ['smoke-vsix active', 'smoke-dev active']) {
        await page.locator('.statusbar-item', { hasText: text }).first().waitFor({ timeout: 60_000 });
      }
    } catch (e) {
      await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'FAILED-code-server-smoke-extensions.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- code-server log ---\n${cs.log()}`);
    }
  } finally {
    await browser?.close();
    await cs?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});
