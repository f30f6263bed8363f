// The diff half of `npm run bench`: `netpol-lens diff` on the large workspace (10,000 workloads,
// 2,000 policies) against `flows` on it, each in its own process writing JSON to /dev/null.
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../server/src/cli/args';
import { runDiff } from '../server/src/cli/diff-command';
import { runFlows } from '../server/src/cli/flows-command';
import { loadWorkspace } from '../server/src/cli/load';
import { makeStyle } from '../server/src/cli/style';
import { generateWorkspace, SIZES } from './generate-workspace';

/** The figures of one case. */
export interface DiffFigures {
  name: string;
  seconds: number;
  megabytes: number;
  peakRssMb: number;
}

/** Child process: runs one command (argv as the CLI takes it), output to /dev/null; prints the figures as JSON. */
export async function runDiffChild(name: string, argv: string[]): Promise<void> {
  const sink = openSync('/dev/null', 'w');
  let bytes = 0;
  const out = (c: string) => { bytes += Buffer.byteLength(c); writeSync(sink, c); };
  const t0 = performance.now();
  const args = parseArgs(argv, {}, false);
  const style = makeStyle(false);
  const code = args.command === 'diff'
    ? await runDiff(args, style, out, (e) => process.stderr.write(e))
    : runFlows(args, await loadWorkspace(args.paths, {}), style, out);
  const seconds = (performance.now() - t0) / 1000;
  closeSync(sink);
  if (code !== 0) process.exit(code);
  const figures: DiffFigures = { name, seconds, megabytes: bytes / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(figures));
}

/**
 * Generates the large workspace, copies it three ways (as is, one namespace's team changed, every
 * namespace given a label no selector reads, so that no pair is skipped) and runs `flows` and both diffs.
 */
export function runDiffBench(script: string): DiffFigures[] {
  const g = generateWorkspace(SIZES.find((s) => s.name === 'large')!);
  const root = join(tmpdir(), 'netpol-bench-diff');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const copy = (name: string, edit?: (file: string, text: string) => string) => {
    const dir = join(root, name);
    cpSync(g.dir, dir, { recursive: true });
    if (edit) for (const f of ['policies.yaml', 'namespaces.yaml']) writeFileSync(join(dir, f), edit(f, readFileSync(join(dir, f), 'utf8')));
    return dir;
  };
  const old = copy('old');
  // ns-001 moves from team blue to gold: the namespaceSelector peers on `team` change for its 100 workloads.
  const oneNamespace = copy('one-namespace', (f, t) => (f === 'namespaces.yaml' ? t.replace(/(name: ns-001\n {2}labels:\n {4}team: )\w+/, '$1gold') : t));
  const relabelled = copy('relabelled', (f, t) => (f === 'namespaces.yaml' ? t.replace(/ {4}env: /g, '    audit: "on"\n    env: ') : t));
  const cases: [string, string[]][] = [
    ['flows --format json', ['flows', '--format', 'json', old]],
    ['diff, one namespace relabelled (385,600 changes)', ['diff', '--format', 'json', old, oneNamespace]],
    ['diff, every namespace relabelled (no pair skipped)', ['diff', '--format', 'json', old, relabelled]],
  ];
  const out = cases.map(([name, argv]) => {
    const r = spawnSync(process.execPath, [script, '--diff-case', name, ...argv], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout) as DiffFigures;
  });
  rmSync(root, { recursive: true, force: true });
  return out;
}
