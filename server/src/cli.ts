// The `netpol-lens` command line: flows, explain and check on the same engine as the editor.
// Every failure is one line on stderr and an exit code; never a stack trace.
import { parseArgs, HELP, UsageError } from './cli/args';
import { loadWorkspace, skippedDocuments } from './cli/load';
import { runFlows } from './cli/flows-command';
import { runExplain } from './cli/explain-command';
import { runCheck } from './cli/check-command';
import { makeStyle } from './cli/style';
import { runWithCluster, type ClusterInput } from './cli/cluster-source';
import { runSnapshot } from './cli/snapshot-command';
import { runDiff } from './cli/diff-command';
import { runExposure } from './cli/exposure-command';
import { semanticFindings, type Finding } from './engine/index';
import { version } from '../../package.json';

/** Runs the command line; returns the exit code. `cluster` is what was read from a cluster, if asked. */
export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: Record<string, string | undefined>, isTty: boolean,
  cluster?: ClusterInput): Promise<number> {
  try {
    const args = parseArgs(argv, env, isTty);
    if (args.command === 'help') { out(HELP); return 0; }
    if (args.command === 'version') { out(`netpol-lens ${version}\n`); return 0; }
    if (args.command === 'snapshot') return runSnapshot(args, cluster!, out, err);
    const style = makeStyle(args.color);
    if (args.command === 'diff') return await runDiff(args, style, out, err);
    const loaded = await loadWorkspace(args.paths, {
      defaultNamespace: args.defaultNamespace, maxFileSize: args.maxFileSize, render: args.render, helm: args.helm, kubectl: args.kubectl,
      targets: args.targets, renderTimeout: args.renderTimeout,
    }, cluster);
    for (const u of loaded.unreadable) err(`netpol-lens: ${u.file}: ${u.message}\n`);
    if (loaded.renderSummary) err(`netpol-lens: ${loaded.renderSummary}\n`);
    const skipped = skippedDocuments(loaded.workspace);
    const say = (f: Finding) => err(
      `netpol-lens: ${loaded.location(f.file, f.span.start)}: ${f.message.replace('(netpolLens.maxFileSize)', '(--max-file-size)')}\n`);
    for (const p of loaded.configProblems) err(`netpol-lens: ${loaded.displayPath(p.file)}:${p.line}: ${p.message}\n`);
    if (args.command === 'check') {
      // Findings go to stdout (maybe a SARIF file): a whole file left unread is said on stderr too.
      for (const f of skipped) if (f.id === 'file-too-large' || f.id === 'binary-file') say(f);
      const snapshot = loaded.workspace.snapshot();
      const findings = loaded.findings((file) => semanticFindings(snapshot, file));
      const code = runCheck(args, loaded, findings, style, out);
      // A file or target that could not be read was not checked: CI must not pass on it.
      return loaded.unreadable.length > 0 || loaded.renderProblems.some((f) => f.id === 'render-failed') ? 2 : code;
    }
    // flows and explain still answer with what parsed; say what was skipped.
    for (const f of skipped) say(f);
    const s = loaded.workspace.snapshot();
    if (s.workloads.length === 0 && s.policies.length === 0) {
      // "No connection is allowed" about a folder where nothing was read would be false.
      out(`Nothing to analyze: no workload or NetworkPolicy was read from ${args.paths.join(', ')}${loaded.incomplete
        ? ' (some sources were not analyzed; see stderr)' : ''}.\n`);
      return args.command === 'flows' || args.command === 'exposure' ? 0 : 2;
    }
    if (args.command === 'flows') return runFlows(args, loaded, style, out);
    if (args.command === 'exposure') return runExposure(args, loaded, style, out);
    return runExplain(args, loaded, style, out);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`netpol-lens: ${e.message}\nRun 'netpol-lens --help' for usage.\n`);
      return 2;
    }
    err(`netpol-lens: internal error: ${(e as Error).message}\n`);
    return 3;
  }
}

if (require.main === module) {
  void runWithCluster(main, process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s), process.env,
    !!process.stdout.isTTY).then((code) => {
    process.exitCode = code;
  });
}
