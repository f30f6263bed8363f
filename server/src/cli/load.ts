// Loads the manifests under the user's paths into an engine workspace, keeping each file's
// text for file:line:col output. Folders are planned first: Helm charts and kustomizations are
// rendered and their input files not read raw. Unreadable paths become problems, never exceptions.
import { relative, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { LineIndex, Workspace, mapToSource, type Finding } from '../engine/index';
import { findManifests } from '../workspace/find-manifests';
import { readManifestText } from '../workspace/manifest-text';
import { planFolder, type FolderPlan } from '../render/folder-sources';
import { findBinaries } from '../render/binaries';
import { Renderer } from '../render/renderer';
import { problemFinding, renderedFiles, sourceFindings, type RenderedFile } from '../render/rendered-files';
import { readProjectConfigs, type ConfigFileProblem } from '../workspace/project-config-file';
import { UsageError } from './args';

/** A loaded workspace and what is needed to print locations. */
export interface Loaded {
  workspace: Workspace;
  /** Prints `file:line:col` for an offset of a file, relative to the working directory. */
  location(file: string, offset: number): string;
  position(file: string, offset: number): { line: number; column: number };
  displayPath(file: string): string;
  /** Files that could not be read. */
  unreadable: { file: string; message: string }[];
  /** Every finding of every file, those on rendered output restated on their sources. */
  findings(semantic: (file: string) => Finding[]): Finding[];
  /** Targets that could not be rendered, as findings on their Chart.yaml or kustomization. */
  renderProblems: Finding[];
  /** One line for stderr saying what was rendered, skipped or not rendered (undefined: nothing to say). */
  renderSummary?: string;
  /** Whether some source was not analyzed (a target not rendered, templates read with --no-render). */
  incomplete: boolean;
  /** What the `.netpol-lens.yaml` files of the folders named could not use. */
  configProblems: ConfigFileProblem[];
}

/** How to load. */
export interface LoadOptions {
  defaultNamespace?: string;
  maxFileSize?: number;
  render?: boolean;
  helm?: string;
  kubectl?: string;
  targets?: string[];
  /** Time limit of one render, in seconds. */
  renderTimeout?: number;
}

/**
 * Reads every manifest under `paths` (rendering charts and kustomizations), then the cluster's
 * files if any (after them, so a workload in both is located at its file); a path that does not
 * exist is a usage error.
 */
export async function loadWorkspace(paths: string[], options: LoadOptions, cluster?: { files: { file: string; text: string }[]; unreadable: { file: string;
  message: string }[] }): Promise<Loaded> {
  const { files, problems } = findManifests(paths);
  const missing = problems.find((p) => p.message === 'no such file or directory');
  if (missing) throw new UsageError(`${missing.path}: no such file or directory`);
  const workspace = new Workspace(options);
  const texts = new Map<string, string>();
  // Each folder named is a workspace folder: its `.netpol-lens.yaml` declares what runs elsewhere.
  const configs = readProjectConfigs(paths.filter(isDir));
  workspace.setExternal(configs.external);
  const lines = new Map<string, LineIndex>();
  const unreadable = problems.map((p) => ({ file: p.path, message: p.message }));
  const render = options.render !== false;
  const folders: FolderPlan[] = [];
  for (const p of paths) if (isDir(p)) folders.push(planFolder(resolve(p), { chosen: options.targets }));
  const named = new Set(paths.map((p) => resolve(p)));
  let inputs = 0;
  for (const file of files) {
    const abs = resolve(file);
    // A file named on the command line is read as it is; in a folder, a target's input is not.
    const folder = named.has(abs) ? undefined : folders.find((f) => !relative(f.root, abs).startsWith('..'));
    const role = folder?.role(abs);
    if (render && role?.kind === 'input') { inputs++; continue; }
    if (!render && role?.kind === 'input' && role.template) { inputs++; continue; }
    let text: string;
    try {
      text = readManifestText(file); // a leading BOM stripped, as the editor does
    } catch (e) {
      unreadable.push({ file, message: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    texts.set(file, text);
    workspace.setFile(file, text);
  }
  for (const f of cluster?.files ?? []) {
    texts.set(f.file, f.text);
    workspace.setFile(f.file, f.text);
  }
  for (const u of cluster?.unreadable ?? []) unreadable.push(u);
  const rendered: RenderedFile[] = [];
  const renderProblems: Finding[] = [];
  const summary: string[] = [];
  const idOf = (abs: string) => displayOrAbs(abs, paths);
  if (render && folders.some((f) => f.plan.targets.length > 0)) {
    const binaries = findBinaries({ helmPath: options.helm, kubectlPath: options.kubectl });
    for (const p of binaries.problems) throw new UsageError(p);
    const renderer = new Renderer({ binaries, defaultNamespace: options.defaultNamespace ?? 'default', timeoutMs: (options.renderTimeout ?? 60) * 1000 });
    const seen = new Set<string>();
    const done: string[] = [];
    const skipped: string[] = [];
    const failed: string[] = [];
    for (const folder of folders) {
      for (const f of folder.plan.findings) renderProblems.push({ ...f, file: idOf(f.file) });
      const renders = await renderer.renderFolder(folder);
      const r = renderedFiles(folder, renders, (root, t) => `${idOf(resolve(root, t.id))} (rendered)`, seen, options.defaultNamespace ?? 'default');
      for (const rf of r.files) {
        rendered.push(rf);
        texts.set(rf.name, rf.output.text);
        workspace.setFile(rf.name, rf.output.text, { releaseNamespace: rf.namespace });
        done.push(rf.target.id);
      }
      for (const p of r.problems) { renderProblems.push(problemFinding(p, idOf)); failed.push(`${p.target.id} (${p.message})`); }
      for (const t of folder.plan.targets) {
        if (t.blocked) failed.push(`${t.id} (${t.blocked})`);
        else if (!t.analyzed) skipped.push(`${t.id} (${t.skipReason})`);
      }
    }
    summary.push(done.length > 0 ? `rendered ${done.join(', ')}` : 'rendered nothing');
    if (skipped.length > 0) summary.push(
      `not analyzed: ${skipped.join(', ')}${skipped.some((x) => x.includes('alternative')) ? ' (choose with --target)' : ''}`);
    if (failed.length > 0) summary.push(`could not render: ${failed.join('; ')}`);
  } else if (!render && inputs > 0) summary.push(`--no-render: ${inputs} Helm template file${inputs === 1 ? '' : 's'} not analyzed`);
  const renderedByName = new Map(rendered.map((r) => [r.name, r]));
  const textOf = (file: string): string | undefined => {
    let t = texts.get(file);
    if (t === undefined) {
      try { t = readManifestText(file); texts.set(file, t); } catch { return undefined; }
    }
    return t;
  };
  // Virtual files (`cluster://CONTEXT/...`) are shown as they are named.
  const displayPath = (file: string) => (file.includes('://') ? file : relative(process.cwd(), file) || file);
  const position = (file: string, offset: number) => {
    let index = lines.get(file);
    if (!index) {
      const t = textOf(file);
      if (t === undefined) return { line: 1, column: 1 };
      lines.set(file, (index = new LineIndex(t)));
    }
    return index.position(offset);
  };
  return {
    workspace,
    unreadable,
    configProblems: configs.problems,
    displayPath,
    position,
    renderProblems,
    renderSummary: summary.length > 0 ? summary.join('; ') : undefined,
    incomplete: renderProblems.some((f) => f.id === 'render-failed') || (!render && inputs > 0),
    location: (file, offset) => {
      const rf = renderedByName.get(file);
      const loc = rf && mapToSource(rf.output, { start: offset, end: offset }, (rel) => textOf(idOf(resolve(rf.root, rel))));
      if (rf && loc) {
        const src = idOf(resolve(rf.root, loc.source));
        const p = position(src, loc.span.start);
        return `${displayPath(src)}:${p.line}:${p.column} (rendered by ${rf.target.id})`;
      }
      const p = position(file, offset);
      return `${displayPath(file)}:${p.line}:${p.column}`;
    },
    findings: (semantic) => {
      const out: Finding[] = [...renderProblems];
      for (const f of workspace.allFiles()) {
        const all = [...f.findings, ...semantic(f.file)];
        const rf = renderedByName.get(f.file);
        for (const x of rf ? sourceFindings(rf, all, idOf, textOf) : all) out.push(x);
      }
      return out;
    },
  };
}

/** A path as the user named it (relative paths stay relative to where they were given). */
function displayOrAbs(abs: string, paths: string[]): string {
  for (const p of paths) {
    const root = resolve(p);
    if (abs === root || abs.startsWith(root + '/')) return p === root ? abs : relative(process.cwd(), abs) || '.';
  }
  return abs;
}

function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

/** Findings that make the analysis incomplete (unparsable documents), for a warning on stderr. */
export function skippedDocuments(ws: Workspace): Finding[] {
  const out: Finding[] = [];
  for (const f of ws.allFiles()) for (const x of f.findings) if (x.id === 'yaml-syntax' || x.id === 'alias-limit' || x.id === 'file-too-large' ||
    x.id === 'binary-file' || x.id === 'unreadable-object' || x.id === 'unrendered-template') out.push(x);
  return out;
}
