// Real VS Code for tests: a private code-server 4.96.4 (installed by scripts/install-test-tools.sh)
// in its own process group and temp HOME, and Debian's Chromium driven by playwright-core.
// How and why: shared/E2E.md. Every wait here polls with a deadline or waits for an event.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './repo-root';

export { REPO_ROOT };

/** Where the install script puts code-server (`E2E_DIR` overrides it, as for the script). */
export const CODE_SERVER_BIN = join(process.env.E2E_DIR ?? join(REPO_ROOT, '.e2e'), 'code-server', 'node_modules', '.bin', 'code-server');

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** The user settings every test profile starts with (E2E.md: the welcome page steals focus). */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'editor.hover.delay': 100,
  'workbench.tips.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** What to start code-server with. */
export interface CodeServerOptions {
  /** The folder the workbench opens; used in place, so copy it first if the test edits files. */
  workspace: string;
  /** A packaged extension to install with `--install-extension` before the server starts. */
  vsix?: string;
  /** An extension folder loaded unpackaged, as a development extension, through the page URL. */
  extensionDevelopmentPath?: string;
  /** A bundled test suite (`run()` export) run in the extension host, through the page URL. */
  extensionTestsPath?: string;
  /** Settings merged over DEFAULT_SETTINGS. */
  settings?: Record<string, unknown>;
  /**
   * Machine settings (`<user-data>/Machine/settings.json`): where a remote window such as
   * code-server reads `machine-overridable` settings like a binary's path.
   */
  machineSettings?: Record<string, unknown>;
  /** How long to wait for GET /healthz; 60 s unless given. */
  startTimeoutMs?: number;
}

/** A running code-server: where to point the browser, and how to stop it. */
export interface CodeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The port it listens on (127.0.0.1 only). */
  port: number;
  /** The process group id (the server's pid); the extension host and language servers are in it. */
  pid: number;
  /** The temp folder holding HOME, XDG dirs, user data, extensions and the server log. */
  home: string;
  /** The page to open: the workspace folder, plus the development extension and suite if given. */
  workbenchUrl: string;
  /** A path on this machine as the workbench's remote URI (for extensionDevelopmentPath & co). */
  remoteUri(path: string): string;
  /** Everything code-server printed so far (for failure messages). */
  log(): string;
  /** Kills the whole process group, waits until it is gone, and removes the temp folder. */
  stop(): Promise<void>;
}

/** A headless Chromium with a fresh profile, and its first page. */
export interface Browser {
  /** The persistent context (its profile is a new temp folder). */
  context: BrowserContext;
  /** The context's first page. */
  page: Page;
  /** Closes the browser and removes the profile. */
  close(): Promise<void>;
}

/** Resolves after `ms`; only for the pause between two polls of a deadline loop. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** True while any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Throws the message tests show when the install script has not run; a test must fail, not skip. */
export function assertCodeServerInstalled(): void {
  if (!existsSync(CODE_SERVER_BIN)) {
    throw new Error(`code-server is not installed (no ${CODE_SERVER_BIN}): run 'bash scripts/install-test-tools.sh' (npm run test:setup) first`);
  }
}

/**
 * Starts code-server isolated from the user's home: temp HOME/XDG dirs and profile, no gallery,
 * no auth, no workspace trust prompt, a free port on 127.0.0.1, in a new session (setsid) so
 * that stop() can kill the extension host and language servers with it. Resolves once
 * GET /healthz answers 200.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  assertCodeServerInstalled();
  if (!existsSync(options.workspace)) throw new Error(`workspace folder ${options.workspace} does not exist`);
  const home = mkdtempSync(join(tmpdir(), 'netpol-code-server-'));
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));
  if (options.machineSettings) {
    mkdirSync(join(userData, 'Machine'), { recursive: true });
    writeFileSync(join(userData, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings, null, 2));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
  };
  delete env.VSCODE_IPC_HOOK_CLI; // never talk to an editor this test runs inside
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];

  if (options.vsix) {
    const r = spawnSync(CODE_SERVER_BIN, [...dirs, '--install-extension', options.vsix], { env, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`code-server --install-extension ${options.vsix} failed (${r.error?.message ??
      `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  }

  const logFile = join(home, 'code-server.log');
  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  // A port can be taken between freePort() and the bind: try another one then.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = join(home, 'config.yaml');
    writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const fd = openSync(logFile, 'w');
    const proc = spawn(CODE_SERVER_BIN, [
      '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      ...dirs,
    ], { env, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const pid = proc.pid;
    if (pid === undefined) throw new Error(`could not start ${CODE_SERVER_BIN}`);
    let exited: number | string | null = null;
    proc.on('exit', (code, signal) => { exited = code ?? signal ?? 'exit'; });
    proc.on('error', (e) => { exited = e.message; });
    proc.unref();

    const url = `http://127.0.0.1:${port}`;
    const stopGroup = async (): Promise<void> => {
      for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
        try { process.kill(-pid, signal); } catch { /* already gone */ }
        const until = Date.now() + 5_000;
        while (groupAlive(pid) && Date.now() < until) await pause(50); // polling the group with a deadline
        if (!groupAlive(pid)) return;
      }
      throw new Error(`code-server's process group ${pid} survived SIGKILL`);
    };

    let healthy = false;
    while (!healthy && exited === null && Date.now() < deadline) {
      try {
        healthy = (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
      } catch { /* not listening yet */ }
      if (!healthy) await pause(100); // polling /healthz with a deadline
    }
    if (!healthy) {
      await stopGroup();
      const log = readLog();
      if (exited !== null && /EADDRINUSE/.test(log) && attempt < 3 && Date.now() < deadline) continue;
      rmSync(home, { recursive: true, force: true });
      throw new Error(exited !== null
        ? `code-server exited (${String(exited)}) before answering /healthz:\n${log}`
        : `code-server did not answer ${url}/healthz within ${options.startTimeoutMs ?? 60_000} ms:\n${log}`);
    }

    const remoteUri = (path: string): string => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload: Array<[string, string]> = [];
    if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(options.extensionDevelopmentPath)]);
    if (options.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(options.extensionTestsPath)]);
    let workbenchUrl = `${url}/?folder=${encodeURIComponent(options.workspace)}`;
    if (payload.length) workbenchUrl += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    let stopped = false;
    return {
      url, port, pid, home, workbenchUrl, remoteUri,
      log: readLog,
      async stop() {
        if (stopped) return;
        stopped = true;
        await stopGroup();
        if (!process.env.KEEP_E2E_TMP) rmSync(home, { recursive: true, force: true });
      },
    };
  }
}

/**
 * Launches Debian's headless Chromium through playwright-core with a fresh temp profile and the
 * flags this closed network needs (no background networking, no component updates, no sync).
 */
export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run 'bash scripts/install-test-tools.sh' (npm run test:setup) first`);
  const profile = mkdtempSync(join(tmpdir(), 'netpol-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context, page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the workbench has rendered (its root element exists). */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
}

/** Opens a workspace file by name through Quick Open (Ctrl+P) and waits for its tab to be active. */
export async function quickOpen(page: Page, name: string, timeoutMs = 30_000): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input[type=text]');
  await input.waitFor({ timeout: timeoutMs });
  await input.fill(name);
  // Click the row of this very file: the list may still show the previous results.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click({ timeout: timeoutMs });
  await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor({ timeout: timeoutMs });
}

/**
 * Waits until an editor's rendered lines (`.monaco-editor .view-lines`) include each given line
 * (Monaco renders spaces as U+00A0; they compare as spaces).
 */
export async function waitForEditorLines(page: Page, lines: readonly string[], timeoutMs = 30_000): Promise<void> {
  try {
    await page.waitForFunction((wanted) => {
      const shown = new Set<string>();
      // Loosely typed: the tests compile without the DOM lib.
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document;
      const rows = doc.querySelectorAll('.monaco-editor .view-lines .view-line');
      for (let i = 0; i < rows.length; i++) shown.add((rows[i]!.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd());
      return wanted.every((l) => shown.has(l.trimEnd()));
    }, lines, { timeout: timeoutMs, polling: 100 });
  } catch (e) {
    const shown = await page.locator('.monaco-editor .view-lines .view-line').allTextContents().catch(() => []);
    throw new Error(`the editor did not show ${JSON.stringify(lines)} within ${timeoutMs} ms; it ` +
      `shows ${JSON.stringify(shown.map((s) => s.replace(/\u00a0/g, ' ')))}\n${(e as Error).message}`);
  }
}
