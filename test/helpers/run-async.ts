// Runs a child process without blocking the event loop, so an in-process fake server can answer
// it; every run has a time limit. `startProcess` streams output for tests that wait on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './fixtures';
import type { CliRun } from './run-cli';

/** Runs `cmd args` to its end (killed after `timeoutMs`); resolves with its code and output. */
export function runAsync(cmd: string, args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const p = startProcess(cmd, args, options);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve) => p.child.on('close', (code, signal) => {
    clearTimeout(timer);
    resolve({ code: code ?? (signal ? -1 : 0), stdout: p.stdout(), stderr: p.stderr() });
  }));
}

/** Runs the bundled CLI (`node dist/cli.js ...`) with NO_COLOR, asynchronously. */
export function runCliAsync(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return runAsync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { ...options, env: { NO_COLOR: '1', ...options.env } });
}

/** A started process and its output so far; `waitFor` resolves when stdout matches. */
export interface Started {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  waitFor(re: RegExp): Promise<string>;
}

/** Starts `cmd args`; the caller kills it. */
export function startProcess(cmd: string, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Started {
  const child = spawn(cmd, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (re) => new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(out);
        if (m) { child.stdout!.off('data', check); child.off('close', closed); resolve(m[0]); }
      };
      const closed = () => reject(new Error(`process ended before printing ${re}; stdout: ${out}; stderr: ${err}`));
      child.stdout!.on('data', check);
      child.once('close', closed);
      check();
    }),
  };
}
