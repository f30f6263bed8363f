// Loads the manifests under the user's paths into an engine workspace, keeping each file's
// text for file:line:col output. Unreadable paths become problems, never exceptions.
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { LineIndex, Workspace, type Finding } from '../engine/index';
import { findManifests, isTemplate } from '../workspace/find-manifests';
import { readManifestText } from '../workspace/manifest-store';
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
  /** What the `.netpol-lens.yaml` files of the folders named could not use. */
  configProblems: ConfigFileProblem[];
}

/** Reads every manifest under `paths`; a path that does not exist is a usage error. */
export function loadWorkspace(paths: string[], options: { defaultNamespace?: string; maxFileSize?: number }): Loaded {
  const { files, problems } = findManifests(paths);
  const missing = problems.find((p) => p.message === 'no such file or directory');
  if (missing) throw new UsageError(`${missing.path}: no such file or directory`);
  const workspace = new Workspace(options);
  // Each folder named is a workspace folder: its `.netpol-lens.yaml` declares what runs elsewhere.
  const configs = readProjectConfigs(paths.filter(isDirectory));
  workspace.setExternal(configs.external);
  const lines = new Map<string, LineIndex>();
  const unreadable = problems.map((p) => ({ file: p.path, message: p.message }));
  const named = new Set(paths);
  for (const file of files) {
    let text: string;
    try {
      text = readManifestText(file); // a leading BOM stripped, as the editor does
    } catch (e) {
      unreadable.push({ file, message: `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    // Helm templates are not manifests until rendered; skip them unless named directly.
    if (isTemplate(text) && !named.has(file)) continue;
    lines.set(file, new LineIndex(text));
    workspace.setFile(file, text);
  }
  const displayPath = (file: string) => relative(process.cwd(), file) || file;
  const position = (file: string, offset: number) => lines.get(file)?.position(offset) ?? { line: 1, column: 1 };
  return {
    workspace,
    unreadable,
    configProblems: configs.problems,
    displayPath,
    position,
    location: (file, offset) => {
      const p = position(file, offset);
      return `${displayPath(file)}:${p.line}:${p.column}`;
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Findings that make the analysis incomplete (unparsable documents), for a warning on stderr. */
export function skippedDocuments(ws: Workspace): Finding[] {
  const out: Finding[] = [];
  for (const f of ws.allFiles()) for (const x of f.findings) if (x.id === 'yaml-syntax' || x.id === 'alias-limit' || x.id === 'file-too-large' || x.id === 'binary-file' || x.id === 'unreadable-object') out.push(x);
  return out;
}
