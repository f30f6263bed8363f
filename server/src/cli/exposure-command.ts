// `netpol-lens exposure`: per workload and direction, who beyond the workspace's workloads it is
// open to (the engine's `exposure`), as text grouped by workload or as JSON (shape in the README).
import { exposure, exposureJson, exposureText, jsonAt, writeJsonArrays, ITEM_INDENT, type Sink, type Workload } from '../engine/index';
import type { CliArgs } from './args';
import type { Loaded } from './load';
import type { Style } from './style';

/** Runs `exposure`; returns the exit code (always 0: exposure is information, not a failure). */
export function runExposure(args: CliArgs, loaded: Loaded, style: Style, out: Sink): number {
  const all = exposure(loaded.workspace.snapshot());
  if (args.format === 'json') {
    writeJsonArrays([['exposures', all.map((e) => jsonAt(exposureJson(e), ITEM_INDENT))]], out);
    return 0;
  }
  let text = '';
  let last: Workload | undefined;
  for (const e of all) {
    if (e.workload !== last) text += `${e.workload.namespace}/${e.workload.name} (${e.workload.kind})\n`;
    last = e.workload;
    const policies = e.policies.length > 0 ? style.dim(`  [${e.policies.map((p) => `${p.namespace}/${p.name}`).join(', ')}]`) : '';
    text += `  ${exposureText(e)}${policies}\n`;
  }
  out(text || 'No workload.\n');
  return 0;
}
