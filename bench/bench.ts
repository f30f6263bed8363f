// `npm run bench`: generates the synthetic workspaces and prints, per size, the engine's
// figures against a bare `yaml` parse, then the language-server comparison, with targets.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkspace, SIZES } from './generate-workspace';
import { runEngineBench, type EngineFigures } from './engine-bench';
import { runLspBench, type LspFigures } from './lsp-bench';
import { FLOWS_WORKLOADS, runFlowsBench, runFlowsChild } from './flows-bench';
import { runRenderBench } from './render-bench';
import { runDiffBench, runDiffChild } from './diff-bench';

const childArg = process.argv.indexOf('--engine-size');
const flowsArg = process.argv.indexOf('--flows-case');
const diffArg = process.argv.indexOf('--diff-case');
if (diffArg >= 0) {
  void runDiffChild(process.argv[diffArg + 1]!, process.argv.slice(diffArg + 2));
} else if (flowsArg >= 0) {
  void runFlowsChild(process.argv[flowsArg + 2]!, process.argv[flowsArg + 1] as 'text' | 'json');
} else if (childArg >= 0) {
  // Child process: one size, figures as JSON on stdout.
  const size = SIZES.find((s) => s.name === process.argv[childArg + 1])!;
  const g = generateWorkspace(size);
  process.stdout.write(JSON.stringify(runEngineBench(size.name, g, size.name === 'large' ? 3 : 5)));
} else {
  void main();
}

async function main(): Promise<void> {
  const only = process.env.BENCH_SIZES?.split(',');
  const part = process.env.BENCH_PART; // 'engine', 'flows', 'diff' or 'lsp' to run one part
  const rows: EngineFigures[] = [];
  console.log('NetworkPolicy Lens benchmark (figures are medians; machine noise applies)\n');
  console.log('Engine: read + parse with `yaml` alone vs the engine reading, indexing and analyzing every policy');
  for (const size of SIZES.filter((s) => (!part || part === 'engine') && (!only || only.includes(s.name)))) {
    const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--engine-size', size.name], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
    rows.push(JSON.parse(r.stdout) as EngineFigures);
  }
  const header = ['size', 'files', 'MiB', 'yaml parse ms', 'engine ms', 'ratio', 'explain ms/query', 're-read workload file ms', 're-read policy file ms',
    'peak RSS MB', 'retained heap MB'];
  const table = rows.map((f) => [f.size, `${f.files}`, f.megabytes.toFixed(1), f.parseMs.toFixed(0), f.analysisMs.toFixed(0), `${f.ratio.toFixed(2)}x`,
    f.explainAvgMs.toFixed(3), f.rereadWorkloadFileMs.toFixed(0), f.rereadPolicyFileMs.toFixed(0), f.peakRssMb.toFixed(0), f.retainedHeapMb.toFixed(0)]);
  printTable(header, table);
  const large = rows.find((r) => r.size === 'large');
  if (large) {
    console.log('\nTargets on the large size (2,000 policies, 10,000 workloads, 100 namespaces):');
    verdict(`analysis ≤ 1.5x bare parse: ${large.ratio.toFixed(2)}x`, large.ratio <= 1.5);
    verdict(`explain < 1 ms per query: ${large.explainAvgMs.toFixed(3)} ms`, large.explainAvgMs < 1);
    verdict(`peak memory < 400 MB: ${large.peakRssMb.toFixed(0)} MB`, large.peakRssMb < 400);
  }
  mkdirSync(join(__dirname, '..', '..', 'bench', 'results'), { recursive: true });
  writeFileSync(join(__dirname, '..', '..', 'bench', 'results', 'engine.json'), JSON.stringify(rows, null, 2));

  if (!part || part === 'flows') {
    console.log(`\nflows over ${FLOWS_WORKLOADS.toLocaleString('en')} workloads no policy selects (every pair allowed), output to /dev/null:`);
    const flows = runFlowsBench(__filename);
    printTable(['format', 'pairs', 'MiB written', 'seconds', 'peak RSS MB'],
      flows.map((f) => [f.format, f.pairs.toLocaleString('en'), f.megabytes.toFixed(0), f.seconds.toFixed(1), f.peakRssMb.toFixed(0)]));
    writeFileSync(join(__dirname, '..', '..', 'bench', 'results', 'flows.json'), JSON.stringify(flows, null, 2));
  }
  if (!part || part === 'diff') {
    console.log('\ndiff on the large workspace (10,000 workloads, 2,000 policies) against flows on it, JSON to /dev/null:');
    const diff = runDiffBench(__filename);
    const diffRows = diff.map((f) => [f.name, f.seconds.toFixed(1), f.megabytes.toFixed(1), f.peakRssMb.toFixed(0)]);
    printTable(['command', 'seconds', 'MiB written', 'peak RSS MB'], diffRows);
    const flows = diff[0]!;
    for (const d of diff.slice(1)) verdict(`${d.name} ≤ 2x flows: ${(d.seconds / flows.seconds).toFixed(2)}x`, d.seconds <= 2 * flows.seconds);
    writeFileSync(join(__dirname, '..', '..', 'bench', 'results', 'diff.json'), JSON.stringify(diff, null, 2));
  }
  if (part === 'flows' || part === 'diff') return;

  if (!part || part === 'render') {
    console.log('\nRendered sources: 50 Helm charts and 20 kustomize roots beside a plain file of 50 policies (real helm and kubectl)');
    const tools = process.env.K8S_TOOLS_DIR ?? join(__dirname, '..', '..', '.e2e', 'bin');
    const r = await runRenderBench(join(__dirname, '..', '..'), tools);
    printTable(['measure', 'value'], [
      ['CLI check, first analysis (renders every target)', `${r.cliFirstMs.toFixed(0)} ms`],
      ['server: start to first render done', `${r.serverFirstMs.toFixed(0)} ms`],
      ['renders at start', `${r.rendersAtStart}`],
      ['save one values file -> template diagnostics', `${r.saveToDiagnosticsMs.toFixed(0)} ms`],
      ['renders after that save', `${r.rendersAfterSave}`],
      ['edit -> diagnostics on the plain file, p50 / p95 (rendering on)', `${r.editP50.toFixed(0)} / ${r.editP95.toFixed(0)} ms`],
      ['the same with netpolLens.render off (as before rendering existed)', `${r.editP50RenderOff.toFixed(0)} / ${r.editP95RenderOff.toFixed(0)} ms`],
    ]);
    verdict(`a save re-renders only its chart: ${r.rendersAfterSave} render(s)`, r.rendersAfterSave === 1);
    verdict(`every target rendered once at start: ${r.rendersAtStart} of ${r.charts + r.kustomizations}`, r.rendersAtStart === r.charts + r.kustomizations);
    verdict(`plain-file edit p95 within 1.5x of rendering off: ${r.editP95.toFixed(0)} vs ${r.editP95RenderOff.toFixed(0)} ms`,
      r.editP95 <= Math.max(1.5 * r.editP95RenderOff, r.editP95RenderOff + 10));
    writeFileSync(join(__dirname, '..', '..', 'bench', 'results', 'render.json'), JSON.stringify(r, null, 2));
  }
  if (part === 'render') return;

  console.log('\nLanguage servers, same scenario: netpol-lens vs yaml-language-server 2.0.0 (local NetworkPolicy schema)');
  console.log('(the policies file is one document per policy, all in one file; ms unless noted; 1st edit: the first edit after open;');
  console.log(' edit p50/p95: the 15 edits after 5 warm-up edits, the same for both servers)');
  const lsp: { size: string; figures: LspFigures[] }[] = [];
  for (const size of SIZES.filter((s) => (!part || part === 'lsp') && (!only || only.includes(s.name)))) {
    const g = generateWorkspace(size);
    lsp.push({ size: size.name, figures: await runLspBench(join(__dirname, '..', '..'), g) });
  }
  const lh = ['size', 'server', 'open->diag', '1st edit', 'edits at once p95', 'edit->diag p50', 'p95', 'hover p50', 'p95', 'completion p50', 'p95', 'lens p50',
    'p95', 'peak RSS MB'];
  const lrows: string[][] = [];
  for (const { size, figures } of lsp) {
    for (const f of figures) lrows.push([size, f.server, f.openMs.toFixed(0), f.firstEditMs.toFixed(0), f.earlyEditP95.toFixed(0), f.editP50.toFixed(0),
      f.editP95.toFixed(0), f.hoverP50.toFixed(1), f.hoverP95.toFixed(1), f.completionP50.toFixed(1), f.completionP95.toFixed(1), f.lensP50.toFixed(1),
      f.lensP95.toFixed(1), f.peakRssMb.toFixed(0)]);
    const [a, b] = figures as [LspFigures, LspFigures];
    lrows.push([size, 'ratio ours/theirs', (a.openMs / b.openMs).toFixed(2), (a.firstEditMs / b.firstEditMs).toFixed(2),
      (a.earlyEditP95 / b.earlyEditP95).toFixed(2), (a.editP50 / b.editP50).toFixed(2), (a.editP95 / b.editP95).toFixed(2),
      (a.hoverP50 / b.hoverP50).toFixed(2), (a.hoverP95 / b.hoverP95).toFixed(2), (a.completionP50 / b.completionP50).toFixed(2),
      (a.completionP95 / b.completionP95).toFixed(2), '', '', (a.peakRssMb / b.peakRssMb).toFixed(2)]);
  }
  printTable(lh, lrows);
  const largeLsp = lsp.find((x) => x.size === 'large');
  if (largeLsp) {
    const [a, b] = largeLsp.figures as [LspFigures, LspFigures];
    console.log('\nTargets on the large size (2,000 policies in one file, 10,000 workloads indexed):');
    verdict(`edit -> diagnostics p95 under a tenth of yaml-language-server's: ${a.editP95.toFixed(0)} vs ${b.editP95.toFixed(0)} ms`,
      a.editP95 < b.editP95 / 10);
    verdict(`edits right after open (during indexing) p95 under a tenth of yaml-language-server's: ${a.earlyEditP95.toFixed(0)} ` +
      `vs ${b.earlyEditP95.toFixed(0)} ms`, a.earlyEditP95 < b.earlyEditP95 / 10);
    verdict(`hover p95 under 10 ms: ${a.hoverP95.toFixed(1)} ms`, a.hoverP95 < 10);
    verdict(`completion p95 under 10 ms: ${a.completionP95.toFixed(1)} ms`, a.completionP95 < 10);
    verdict(`peak memory under a third of yaml-language-server's: ${a.peakRssMb.toFixed(0)} vs ${b.peakRssMb.toFixed(0)} MB`, a.peakRssMb < b.peakRssMb / 3);
  }
  writeFileSync(join(__dirname, '..', '..', 'bench', 'results', 'lsp.json'), JSON.stringify(lsp, null, 2));
}

/** Prints rows as an aligned table. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Prints PASS or FAIL for a target. */
export function verdict(text: string, ok: boolean): void {
  console.log(`  ${ok ? 'PASS' : 'FAIL <<<'}  ${text}`);
}
