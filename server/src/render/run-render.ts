// Runs one renderer process: `helm template` for a chart, `kubectl kustomize` (or `kustomize
// build`) for an overlay, with a time limit and cancellation; never a shell, never the network.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { RenderSpec } from '../engine/index';
import type { RenderBinaries } from './binaries';

/** What a render gave: the output and where its source paths are relative to, or a message. */
export type RenderResult =
  | { ok: true; raw: string; helmChart?: string; originBase?: string }
  | { ok: false; message: string };

/** Options of one render. */
export interface RunOptions {
  binaries: RenderBinaries;
  /** Namespace for charts that the config gives none. */
  defaultNamespace: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Renders a target of the folder `root` (absolute). Resolves, never rejects. */
export async function runRender(root: string, spec: RenderSpec, options: RunOptions): Promise<RenderResult> {
  const dir = resolve(root, spec.path);
  if (spec.kind === 'helm') {
    const helm = options.binaries.helm;
    if (!helm) return { ok: false, message: 'helm was not found (install it, or set netpolLens.helmPath / --helm)' };
    const name = spec.releaseName ?? (dir.split('/').pop() || 'release');
    const args = ['template', name, dir, '--namespace', spec.namespace ?? options.defaultNamespace];
    for (const v of spec.values) args.push('--values', resolve(root, v));
    for (const [k, v] of spec.set) args.push('--set-string', `${k}=${v}`);
    const r = await run(helm, args, root, options);
    return r.ok ? { ok: true, raw: r.stdout, helmChart: spec.path } : r;
  }
  const k = options.binaries.kustomize;
  if (!k) return { ok: false, message: 'neither kubectl nor kustomize was found (install one, or set netpolLens.kubectlPath / --kubectl)' };
  // A wrapper kustomization in a temporary folder adds origin annotations (the path of the file
  // each object came from) without touching the user's files; kustomize wants it relative.
  const wrap = mkdtempSync(join(tmpdir(), 'netpol-lens-kustomize-'));
  try {
    writeFileSync(join(wrap, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(relative(wrap, dir))}\nbuildMetadata: [originAnnotations]\n`);
    const args = k.kind === 'kubectl' ? ['kustomize', wrap] : ['build', wrap];
    const r = await run(k.path, args, root, options);
    return r.ok ? { ok: true, raw: r.stdout, originBase: relative(root, wrap).split('\\').join('/') } : r;
  } finally {
    rmSync(wrap, { recursive: true, force: true });
  }
}

function run(bin: string, args: string[], cwd: string, o: RunOptions): Promise<{ ok: true; stdout: string } | { ok: false; message: string }> {
  return new Promise((done) => {
    // No network for a renderer: a proxy on a closed loopback port makes any attempt fail at once.
    const proxy = 'http://127.0.0.1:9';
    const env = { ...process.env, HTTP_PROXY: proxy, HTTPS_PROXY: proxy, http_proxy: proxy, https_proxy: proxy, NO_PROXY: '', no_proxy: '',
      GIT_TERMINAL_PROMPT: '0' };
    execFile(bin, args, { cwd, timeout: o.timeoutMs, signal: o.signal, maxBuffer: 256 << 20, env, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return done({ ok: true, stdout });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
      if (e.name === 'AbortError') return done({ ok: false, message: 'cancelled' });
      if (e.killed || e.signal === 'SIGTERM') return done({ ok: false,
        message: `${bin.split('/').pop()} took longer than ${o.timeoutMs / 1000} s and was stopped` });
      if (e.code === 'ENOENT') return done({ ok: false, message: `${bin} could not be run (not found)` });
      const msg = (stderr || e.message).trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join(' ');
      done({ ok: false, message: `${bin.split('/').pop()} failed: ${msg}` });
    });
  });
}
