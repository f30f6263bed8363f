// `netpol-lens diff`: what a change opens, closes and changes, between two folders or files or
// between a git revision and the working tree; the comparison itself is the engine's `diffFlows`.
import { rmSync } from 'node:fs';
import { changeJson, changeKind, diffFlows, ITEM_INDENT, jsonAt, workloadDiff, type FlowChange, type Sink, type Snapshot } from '../engine/index';
import type { Workload } from '../engine/index';
import type { CliArgs } from './args';
import { peerText } from './flows-command';
import { readRevision } from './git-tree';
import { loadWorkspace, skippedDocuments, type Loaded } from './load';
import type { Style } from './style';

/** The most rows the markdown table shows; a pull-request comment has a size limit. */
export const MD_MAX_ROWS = 200;

/** Runs `diff`; returns the exit code (1 with --exit-code when something changed). */
export async function runDiff(args: CliArgs, style: Style, out: Sink, err: Sink): Promise<number> {
  const revision = args.base !== undefined ? readRevision(args.base, args.paths) : undefined;
  try {
    const oldPaths = revision ? revision.paths : [args.paths[0]!];
    const newPaths = revision ? args.paths : [args.paths[1]!];
    const before = (await load(args, oldPaths, err)).workspace.snapshot();
    const after = (await load(args, newPaths, err)).workspace.snapshot();
    const changed = writeDiff(before, after, args.format, style, out);
    return args.exitCode && changed ? 1 : 0;
  } finally {
    if (revision) rmSync(revision.dir, { recursive: true, force: true });
  }
}

async function load(args: CliArgs, paths: string[], err: Sink): Promise<Loaded> {
  const loaded = await loadWorkspace(paths, {
    defaultNamespace: args.defaultNamespace, maxFileSize: args.maxFileSize, render: args.render,
    helm: args.helm, kubectl: args.kubectl, targets: args.targets, renderTimeout: args.renderTimeout,
  });
  // As `flows` does: what was not read or not rendered is said, and the rest is compared.
  for (const u of loaded.unreadable) err(`netpol-lens: ${u.file}: ${u.message}\n`);
  if (loaded.renderSummary) err(`netpol-lens: ${loaded.renderSummary}\n`);
  for (const p of loaded.configProblems) err(`netpol-lens: ${loaded.displayPath(p.file)}:${p.line}: ${p.message}\n`);
  for (const f of skippedDocuments(loaded.workspace)) {
    err(`netpol-lens: ${loaded.location(f.file, f.span.start)}: ${f.message.replace('(netpolLens.maxFileSize)', '(--max-file-size)')}\n`);
  }
  return loaded;
}

/** Writes the diff of two snapshots in a format; returns whether anything changed. */
export function writeDiff(before: Snapshot, after: Snapshot, format: CliArgs['format'], style: Style, out: Sink): boolean {
  const workloads = workloadDiff(before, after);
  if (format === 'json') return writeDiffJson(diffFlows(before, after), workloads, out);
  const groups: Record<'opened' | 'closed' | 'changed', FlowChange[]> = { opened: [], closed: [], changed: [] };
  for (const c of diffFlows(before, after)) groups[changeKind(c)].push(c);
  if (format === 'md') writeMarkdown(groups, workloads, out);
  else writeText(groups, workloads, style, out);
  return groups.opened.length + groups.closed.length + groups.changed.length + workloads.added.length + workloads.removed.length > 0;
}

type Groups = Record<'opened' | 'closed' | 'changed', FlowChange[]>;

/** `JSON.stringify({changes, workloads}, null, 2)` and a newline, the changes streamed. */
function writeDiffJson(changes: Iterable<FlowChange>, workloads: { added: Workload[]; removed: Workload[] }, out: Sink): boolean {
  let buf = '{\n  "changes": [';
  let n = 0;
  for (const c of changes) {
    buf += `${n++ === 0 ? '' : ','}\n${ITEM_INDENT}${jsonAt(changeJson(c), ITEM_INDENT)}`;
    if (buf.length >= 1 << 16) { out(buf); buf = ''; }
  }
  buf += n === 0 ? ']' : '\n  ]';
  const names = { added: workloads.added.map(nsName), removed: workloads.removed.map(nsName) };
  out(`${buf},\n  "workloads": ${jsonAt(names, '  ')}\n}\n`);
  return n + names.added.length + names.removed.length > 0;
}

function nsName(w: Workload): string {
  return `${w.namespace}/${w.name}`;
}

function workloadText(w: Workload): string {
  return `${w.namespace}/${w.name} (${w.kind})`;
}

/** Grouped, aligned text: opened, closed, changed (before => after), then workloads added and removed. */
function writeText(groups: Groups, workloads: { added: Workload[]; removed: Workload[] }, style: Style, out: Sink): void {
  const all = [groups.opened, groups.closed, groups.changed];
  if (all.every((g) => g.length === 0) && workloads.added.length === 0 && workloads.removed.length === 0) return out('No flow or workload changed.\n');
  let w0 = 0, w1 = 0;
  for (const g of all) for (const c of g) { w0 = Math.max(w0, peerText(c.from).length); w1 = Math.max(w1, peerText(c.to).length); }
  let text = '';
  const section = (title: string, list: FlowChange[], ports: (c: FlowChange) => string) => {
    if (list.length === 0) return;
    text += `${title} (${list.length}):\n`;
    for (const c of list) text += `  ${peerText(c.from).padEnd(w0)}  ${style.dim('->')}  ${peerText(c.to).padEnd(w1)}  ${ports(c)}\n`;
  };
  section('Opened', groups.opened, (c) => style.green(c.after!.describe()));
  section('Closed', groups.closed, (c) => style.dim(c.before!.describe()));
  section('Changed', groups.changed, (c) => `${c.before!.describe()}  ${style.dim('=>')}  ${style.cyan(c.after!.describe())}`);
  if (workloads.added.length > 0) text += `Workloads added (${workloads.added.length}): ${workloads.added.map(workloadText).join(', ')}\n`;
  if (workloads.removed.length > 0) text += `Workloads removed (${workloads.removed.length}): ${workloads.removed.map(workloadText).join(', ')}\n`;
  out(text);
}

/** A pull-request comment: a summary line, a table of at most MD_MAX_ROWS changes, the workloads added and removed. */
function writeMarkdown(groups: Groups, workloads: { added: Workload[]; removed: Workload[] }, out: Sink): void {
  const n = groups.opened.length + groups.closed.length + groups.changed.length;
  const plural = (k: number, noun: string) => `${k} ${noun}${k === 1 ? '' : 's'}`;
  let text = `**NetworkPolicy Lens**: ${n === 0 && workloads.added.length + workloads.removed.length === 0
    ? 'no flow or workload changed.'
    : `${plural(groups.opened.length, 'flow')} opened, ${groups.closed.length} closed, ${groups.changed.length} changed; `
      + `${plural(workloads.added.length, 'workload')} added, ${workloads.removed.length} removed.`}\n`;
  if (n > 0) {
    text += '\n| change | from | to | before | after |\n|---|---|---|---|---|\n';
    let shown = 0;
    for (const kind of ['opened', 'closed', 'changed'] as const) {
      for (const c of groups[kind]) {
        if (shown++ >= MD_MAX_ROWS) break;
        const sets = `${c.before ? c.before.describe() : '—'} | ${c.after ? c.after.describe() : '—'}`;
        text += `| ${kind} | \`${peerText(c.from)}\` | \`${peerText(c.to)}\` | ${sets} |\n`;
      }
    }
    if (n > MD_MAX_ROWS) text += `\n…and ${n - MD_MAX_ROWS} more; \`netpol-lens diff\` lists them all.\n`;
  }
  const list = (ws: Workload[]) => ws.map((w) => `\`${workloadText(w)}\``).join(', ');
  if (workloads.added.length > 0) text += `\nWorkloads added: ${list(workloads.added)}\n`;
  if (workloads.removed.length > 0) text += `\nWorkloads removed: ${list(workloads.removed)}\n`;
  out(text);
}
