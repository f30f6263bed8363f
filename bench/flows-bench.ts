// The flows half of `npm run bench`: `netpol-lens flows` over 5,000 workloads that no policy
// selects (25 million allowed pairs), text and JSON, each in its own process writing to /dev/null.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../server/src/cli/args';
import { runFlows } from '../server/src/cli/flows-command';
import { loadWorkspace } from '../server/src/cli/load';
import { makeStyle } from '../server/src/cli/style';
import { writeOpenWorkloads } from './open-workloads';

/** The open workloads of the flows case. */
export const FLOWS_WORKLOADS = 5000;

/** The figures of one format. */
export interface FlowsFigures {
  format: string;
  workloads: number;
  pairs: number;
  megabytes: number;
  seconds: number;
  peakRssMb: number;
}

/** Child process: runs the CLI on the workspace, output to /dev/null; prints the figures as JSON. */
export async function runFlowsChild(dir: string, format: 'text' | 'json'): Promise<void> {
  const sink = openSync('/dev/null', 'w');
  let bytes = 0;
  let lines = 0;
  const t0 = performance.now();
  // The command's own modules (cli.ts runs itself when it is the main module of a bundle).
  const args = parseArgs(['flows', '--format', format, dir], {}, false);
  const loaded = await loadWorkspace(args.paths, {});
  const code = runFlows(args, loaded, makeStyle(false), (c) => {
    bytes += Buffer.byteLength(c);
    if (format === 'text') for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) lines++;
    writeSync(sink, c);
  });
  const seconds = (performance.now() - t0) / 1000;
  closeSync(sink);
  if (code !== 0) process.exit(code);
  // Text: one line per flow, the 2n flows to and from anywhere outside the cluster included.
  const pairs = format === 'text' ? lines - 2 * FLOWS_WORKLOADS : FLOWS_WORKLOADS * (FLOWS_WORKLOADS - 1);
  const figures: FlowsFigures = { format, workloads: FLOWS_WORKLOADS, pairs, megabytes: bytes / 2 ** 20, seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(figures));
}

/** Generates the workspace and runs each format in a fresh process (`script` is bench.js). */
export function runFlowsBench(script: string): FlowsFigures[] {
  const dir = join(tmpdir(), 'netpol-bench-open');
  writeOpenWorkloads(dir, FLOWS_WORKLOADS, 50);
  return (['text', 'json'] as const).map((format) => {
    const r = spawnSync(process.execPath, [script, '--flows-case', format, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`flows --format ${format} failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout) as FlowsFigures;
  });
}
