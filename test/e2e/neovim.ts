// Neovim (Debian's 0.7.2) as a second real LSP client: runs a Lua script on a file headless,
// with a deadline, in its own process group so a hung language server dies with it.
// test/e2e/nvim-lsp.lua is the script that talks to a server; its env vars are listed at its top.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root';

/** test/e2e/nvim-lsp.lua in the repository. */
export const NVIM_LSP_SCRIPT = join(REPO_ROOT, 'test', 'e2e', 'nvim-lsp.lua');

/** How one nvim run ended. */
export interface NvimRun {
  /** nvim's exit code (null when killed at the deadline). */
  status: number | null;
  /** Everything the script printed on stdout. */
  stdout: string;
  /** Everything nvim printed on stderr. */
  stderr: string;
  /** True when the deadline passed and the process group was killed. */
  timedOut: boolean;
}

/**
 * Runs `nvim --headless --clean -i NONE -n -c 'luafile <script>' <file>` with extra env vars,
 * kills its whole process group (the language server too) at the deadline, and resolves with
 * what it printed. Rejects only when nvim cannot be started at all.
 */
export function runNvim(script: string, file: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<NvimRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', ['--headless', '--clean', '-i', 'NONE', '-n', '-c', `luafile ${script}`, file], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const killGroup = (): void => {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    };
    const timer = setTimeout(() => { timedOut = true; killGroup(); }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run nvim (install it with 'bash scripts/install-test-tools.sh'): ${e.message}`));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      killGroup(); // a server that outlived nvim
      resolve({ status, stdout, stderr, timedOut });
    });
  });
}

/** What nvim-lsp.lua should ask of a server. */
export interface NvimLspRequest {
  /** The server command, e.g. ['node', '/abs/dist/server.js', '--stdio']. */
  cmd: string[];
  /** The file nvim opens and the requests are about. */
  file: string;
  /** The workspace folder (default: the file's folder). */
  root?: string;
  /** 0-based hover position; no hover request without it. */
  hover?: { line: number; character: number; expect?: string };
  /** Whether to ask for code lenses (default true). */
  codeLens?: boolean;
  /** Answered to workspace/configuration and sent with didChangeConfiguration. */
  settings?: unknown;
  /** Deadline of each step inside Neovim (default 15 s); the whole run gets three of them plus 10 s. */
  stepTimeoutMs?: number;
}

/** The parsed output of nvim-lsp.lua. */
export interface NvimLspResult extends NvimRun {
  /** The server's name from its initialize result, when it initialized. */
  initialized?: string;
  /** The hover text (markdown flattened), when asked. */
  hover?: string;
  /** The code lens titles, when asked and answered. */
  codeLens?: string[];
  /** The script's error lines. */
  errors: string[];
}

/** Runs test/e2e/nvim-lsp.lua against a stdio language server and parses its JSON lines. */
export async function nvimLsp(req: NvimLspRequest): Promise<NvimLspResult> {
  const step = req.stepTimeoutMs ?? 15_000;
  const env: Record<string, string> = { LSP_CMD: JSON.stringify(req.cmd), LSP_TIMEOUT_MS: String(step) };
  if (req.root) env.LSP_ROOT = req.root;
  if (req.hover) {
    env.LSP_LINE = String(req.hover.line);
    env.LSP_COL = String(req.hover.character);
    if (req.hover.expect !== undefined) env.LSP_EXPECT = req.hover.expect;
  }
  if (req.codeLens === false) env.LSP_CODELENS = '0';
  if (req.settings !== undefined) env.LSP_SETTINGS = JSON.stringify(req.settings);
  const run = await runNvim(NVIM_LSP_SCRIPT, req.file, env, 3 * step + 10_000);
  const result: NvimLspResult = { ...run, errors: [] };
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const { kind, value } = JSON.parse(line) as { kind: string; value: unknown };
    if (kind === 'initialized') result.initialized = String(value);
    else if (kind === 'hover') result.hover = String(value);
    // json_encode of an empty Lua table is [] or {}: both mean no lenses.
    else if (kind === 'codeLens') result.codeLens = Array.isArray(value) ? value.map(String) : [];
    else if (kind === 'error') result.errors.push(String(value));
  }
  return result;
}

/** A one-line summary of a run for assertion messages. */
export function describeRun(r: NvimRun): string {
  return `nvim exit ${r.status}${r.timedOut ? ' (killed at the deadline)' : ''}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}
