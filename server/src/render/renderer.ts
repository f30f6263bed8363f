// Renders the targets of planned folders with the user's binaries: at most `concurrency` at
// once, each within a time limit, and a cache keyed by the inputs' content so an unchanged
// target never renders twice.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderTarget } from '../engine/index';
import type { RenderBinaries } from './binaries';
import type { FolderPlan } from './folder-sources';
import { runRender, type RenderResult } from './run-render';

/** How renders run. */
export interface RendererOptions {
  binaries: RenderBinaries;
  defaultNamespace: string;
  /** Time limit of one render (default 30 s). */
  timeoutMs?: number;
  /** Renders at once (default 2). */
  concurrency?: number;
}

/** One target's render, with whether it came from the cache. */
export interface TargetRender {
  target: RenderTarget;
  result: RenderResult;
  cached: boolean;
}

const CACHE_LIMIT = 256;

/** Renders targets; one instance per CLI run or server. */
export class Renderer {
  private readonly cache = new Map<string, RenderResult>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** How many renders really ran (not from the cache): for tests and the bench. */
  renders = 0;

  constructor(private options: RendererOptions) {}

  /** New binaries or namespace: later renders use them (the cache key includes both). */
  setOptions(options: RendererOptions): void {
    this.options = options;
  }

  /** Renders every analyzed, unblocked target of the folder. */
  async renderFolder(folder: FolderPlan, signal?: AbortSignal): Promise<TargetRender[]> {
    const targets = folder.plan.targets.filter((t) => t.analyzed && !t.blocked);
    return Promise.all(targets.map((t) => this.render(folder, t, signal)));
  }

  /** Renders one target, from the cache when its inputs did not change. */
  async render(folder: FolderPlan, target: RenderTarget, signal?: AbortSignal): Promise<TargetRender> {
    const key = this.key(folder, target);
    const hit = this.cache.get(key);
    if (hit) return { target, result: hit, cached: true };
    await this.slot();
    try {
      if (signal?.aborted) return { target, result: { ok: false, message: 'cancelled' }, cached: false };
      this.renders++;
      const result = await runRender(folder.root, target.spec, { binaries: this.options.binaries, defaultNamespace: this.options.defaultNamespace,
        timeoutMs: this.options.timeoutMs ?? 30_000, signal });
      // A cancelled or timed-out render says nothing about the inputs: not cached.
      if (result.ok || !/cancelled|took longer/.test(result.message)) {
        this.cache.set(key, result);
        if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      }
      return { target, result, cached: false };
    } finally {
      this.release();
    }
  }

  /** The cache key: the binaries, the options and every input file's path and content. */
  private key(folder: FolderPlan, t: RenderTarget): string {
    const h = createHash('sha256');
    h.update(JSON.stringify([this.options.binaries.helm, this.options.binaries.kustomize, this.options.defaultNamespace, folder.root, t.spec]));
    for (const rel of folder.files) {
      if (!t.inputDirs.some((d) => d === '' || rel === d || rel.startsWith(d + '/')) && !t.inputFiles.includes(rel)) continue;
      h.update('\0' + rel + '\0');
      try { h.update(readFileSync(join(folder.root, rel))); } catch { h.update('(unreadable)'); }
    }
    return h.digest('hex');
  }

  private async slot(): Promise<void> {
    if (this.running < (this.options.concurrency ?? 2)) { this.running++; return; }
    await new Promise<void>((r) => this.waiting.push(r));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); else this.running--;
  }
}
