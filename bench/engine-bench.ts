// The engine half of `npm run bench`, run in its own process per size so peak memory is that
// size's alone: bare yaml parse vs engine read+index+analysis, explain queries, incremental edits.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { explain, Workspace, type Snapshot } from '../server/src/engine/index';
import type { Generated } from './generate-workspace';

/** The figures of one size. */
export interface EngineFigures {
  size: string;
  files: number;
  megabytes: number;
  parseMs: number;
  analysisMs: number;
  ratio: number;
  explainAvgMs: number;
  rereadWorkloadFileMs: number;
  rereadPolicyFileMs: number;
  peakRssMb: number;
  retainedHeapMb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function analyzeEverything(s: Snapshot): void {
  s.analyzeAll();
  for (const w of s.workloads) s.isolation(w);
}

/** Runs the engine measurements on a generated workspace. */
export function runEngineBench(size: string, g: Generated, runs: number): EngineFigures {
  const texts = () => g.files.map((f) => [f, readFileSync(f, 'utf8')] as const);
  const parseTimes: number[] = [];
  const analysisTimes: number[] = [];
  // The first engine run comes before any bare parse, so the process's peak RSS is the engine's.
  gc();
  const t0 = performance.now();
  let ws = new Workspace({ maxFileSize: 64 * 1024 * 1024 });
  for (const [file, text] of texts()) ws.setFile(file, text);
  analyzeEverything(ws.snapshot());
  analysisTimes.push(performance.now() - t0);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  gc();
  const retainedHeapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  for (let i = 0; i < runs; i++) {
    gc();
    let t = performance.now();
    for (const [, text] of texts()) parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false });
    parseTimes.push(performance.now() - t);
    gc();
    t = performance.now();
    ws = new Workspace({ maxFileSize: 64 * 1024 * 1024 });
    for (const [file, text] of texts()) ws.setFile(file, text);
    analyzeEverything(ws.snapshot());
    analysisTimes.push(performance.now() - t);
  }
  const s = ws.snapshot();
  // 1,000 deterministic queries: pairs of workloads, half with a port.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const queries = Array.from({ length: 1000 }, (_, i) => ({
    from: s.workloads[Math.floor(next() * s.workloads.length)]!,
    to: s.workloads[Math.floor(next() * s.workloads.length)]!,
    port: i % 2 === 0 ? { protocol: 'TCP' as const, port: 8000 + Math.floor(next() * 100) } : undefined,
  }));
  let t = performance.now();
  for (const q of queries) explain(s, { workload: q.from }, { workload: q.to }, q.port);
  const explainAvgMs = (performance.now() - t) / queries.length;
  // Incremental: one workload file, then the policies file, re-read and re-analyzed.
  const wf = g.files.find((f) => f.includes('workloads-'))!;
  const wtext = readFileSync(wf, 'utf8');
  t = performance.now();
  ws.setFile(wf, wtext.replace(/version: v1/, 'version: v2'));
  analyzeEverything(ws.snapshot());
  const rereadWorkloadFileMs = performance.now() - t;
  const ptext = readFileSync(g.policyFile, 'utf8');
  t = performance.now();
  ws.setFile(g.policyFile, ptext.replace('name: policy-1\n', 'name: policy-1b\n'));
  analyzeEverything(ws.snapshot());
  const rereadPolicyFileMs = performance.now() - t;
  const parseMs = median(parseTimes);
  const analysisMs = median(analysisTimes);
  return {
    size, files: g.files.length, megabytes: g.counts.bytes / 1024 / 1024,
    parseMs, analysisMs, ratio: analysisMs / parseMs, explainAvgMs,
    rereadWorkloadFileMs, rereadPolicyFileMs,
    peakRssMb, retainedHeapMb,
  };
}
