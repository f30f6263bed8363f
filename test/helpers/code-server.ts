// Starts a private code-server (VS Code 1.96.4, installed by scripts/install-test-tools.sh) for
// the real-editor tests, and a headless Debian Chromium driven by playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './fixtures';

/** The code-server binary; missing means the test tools are not installed. */
export const CODE_SERVER = join(ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');

/** A running code-server and its private folders. */
export interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Packages the extension into out/e2e (runs the production build). */
export function packageVsix(): string {
  mkdirSync(join(ROOT, 'out', 'e2e'), { recursive: true });
  const vsix = join(ROOT, 'out', 'e2e', 'netpol-lens.vsix');
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '-o', vsix], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

/** Starts code-server on a copy of `fixtureDir`, with the .vsix installed unless `vsix` is undefined. */
export async function startCodeServer(fixtureDir: string, vsix: string | undefined, options: { git?: boolean } = {}): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed: run 'npm run test:setup' (scripts/install-test-tools.sh) first`);
  const home = mkdtempSync(join(tmpdir(), 'netpol-e2e-'));
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  const workspace = join(home, 'workspace');
  cpSync(fixtureDir, workspace, { recursive: true });
  if (options.git) {
    // A committed workspace, for "Compare flows with HEAD".
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'manifests']]) {
      const r = spawnSync('git', args, { cwd: workspace, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    }
  }
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false, 'update.mode': 'none',
    'editor.hover.delay': 100, 'git.openRepositoryInParentFolders': 'never', 'workbench.tips.enabled': false,
  }));
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), EXTENSIONS_GALLERY: '{"serviceUrl":""}' };
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];
  if (vsix) {
    const r = spawnSync(CODE_SERVER, [...dirs, '--install-extension', vsix], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing the .vsix failed:\n${r.stdout}\n${r.stderr}`);
  }
  const port = await freePort();
  const proc = spawn(CODE_SERVER, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ...dirs], { env, detached: true, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 60 s');
    await new Promise((r) => setTimeout(r, 200)); // polling /healthz with a deadline
  }
  return {
    url, port, workspace, proc,
    async stop() {
      // Kill the whole group: the extension host and the language server too.
      try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* already gone */ }
    },
  };
}

/** Headless Debian Chromium with a fresh profile; never a downloaded browser. */
export async function launchBrowser(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'netpol-chromium-')), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** Opens a workspace file through Quick Open and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input[type=text]');
  await input.waitFor();
  await input.fill(name);
  // Wait for the row of this very file (the list may still show the previous results).
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor({ timeout: 30_000 });
}
