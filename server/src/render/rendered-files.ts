// Turns a folder's renders into files the engine reads, and the findings on those files back
// into findings on the sources the user edits. Shared by the CLI and the server.
import { join, relative, resolve, sep } from 'node:path';
import { findingOnSource, splitRendered, type Finding, type RenderTarget, type RenderedOutput } from '../engine/index';
import type { FolderPlan } from './folder-sources';
import type { TargetRender } from './renderer';

/** A target's rendered objects as one engine file. */
export interface RenderedFile {
  /** The file's id in the engine workspace (a path in the CLI, a URI in the server). */
  name: string;
  root: string;
  target: RenderTarget;
  output: RenderedOutput;
  /** Where its objects that name no namespace go: the Helm release's namespace (Helm targets only). */
  namespace?: string;
}

/** A target that could not be rendered, with the file its finding goes on. */
export interface RenderProblem {
  target: RenderTarget;
  /** Absolute path of the Chart.yaml or kustomization file. */
  file: string;
  message: string;
}

/**
 * The engine files of a folder's renders; `seen` spans every folder of one workspace so that an
 * object rendered by two targets counts once. `nameOf` gives a rendered file its id.
 */
export function renderedFiles(folder: FolderPlan, renders: TargetRender[], nameOf: (root: string, t: RenderTarget) => string, seen: Set<string>,
  defaultNamespace: string): { files: RenderedFile[]; problems: RenderProblem[] } {
  const files: RenderedFile[] = [];
  const problems: RenderProblem[] = [];
  for (const r of renders) {
    if (!r.result.ok) { problems.push({ target: r.target, file: join(folder.root, r.target.file), message: r.result.message }); continue; }
    const output = splitRendered(r.result.raw, { helmChart: r.result.helmChart, originBase: r.result.originBase }, seen);
    // Sources relative to the folder, in one spelling (kustomize's go through its temporary folder).
    for (const d of output.documents) if (d.source !== undefined) d.source = relative(folder.root, resolve(folder.root, d.source)).split(sep).join('/');
    files.push({ name: nameOf(folder.root, r.target), root: folder.root, target: r.target, output, namespace: r.target.spec.kind === 'helm'
      ? r.target.spec.namespace ?? defaultNamespace : undefined });
  }
  return { files, problems };
}

/** The findings on a rendered file restated on their sources (those without a source are kept on the rendered file). */
export function sourceFindings(rf: RenderedFile, findings: Finding[], idOf: (absPath: string) => string,
  readText: (absPath: string) => string | undefined): Finding[] {
  return findings.map((f) => findingOnSource(rf.output, f, rf.target.id, (rel) => idOf(join(rf.root, rel)), (rel) => readText(join(rf.root, rel))) ?? f);
}

/** A render problem as a finding on the target's Chart.yaml or kustomization file. */
export function problemFinding(p: RenderProblem, idOf: (absPath: string) => string): Finding {
  return { id: 'render-failed', severity: 'warning', file: idOf(p.file), span: { start: 0, end: 0 },
    message: `${p.target.id} is not rendered: ${p.message}. Its objects are not analyzed.` };
}
