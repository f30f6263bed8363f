// Loads the manifests under the user's paths into an engine workspace, keeping each file's
// text for file:line:col output. Unreadable paths become problems, never exceptions.
import { relative } from 'node:path';
import { LineIndex, Workspace, type Finding } from '../engine/index';
import { findManifests, isTemplate } from '../workspace/find-manifests';
import { readManifestText } from '../workspace/manifest-store';
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
}

/**
 * Reads every manifest under `paths`, then the cluster's files if any (after them, so a workload
 * in both is located at its file); a path that does not exist is a usage error.
 */
export function loadWorkspace(paths: string[], options: { defaultNamespace?: string; maxFileSize?: number }, cluster?: { files: { file: string; text: string }[]; unreadable: { file: string; message: string }[] }): Loaded {
  const { files, problems } = findManifests(paths);
  const missing = problems.find((p) => p.message === 'no such file or directory');
  if (missing) throw new UsageError(`${missing.path}: no such file or directory`);
  const workspace = new Workspace(options);
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
  for (const f of cluster?.files ?? []) {
    lines.set(f.file, new LineIndex(f.text));
    workspace.setFile(f.file, f.text);
  }
  unreadable.push(...(cluster?.unreadable ?? []));
  // Virtual files (`cluster://CONTEXT/...`) are shown as they are named.
  const displayPath = (file: string) => (file.includes('://') ? file : relative(process.cwd(), file) || file);
  const position = (file: string, offset: number) => lines.get(file)?.position(offset) ?? { line: 1, column: 1 };
  return {
    workspace,
    unreadable,
    displayPath,
    position,
    location: (file, offset) => {
      const p = position(file, offset);
      return `${displayPath(file)}:${p.line}:${p.column}`;
    },
  };
}

/** Findings that make the analysis incomplete (unparsable documents), for a warning on stderr. */
export function skippedDocuments(ws: Workspace): Finding[] {
  const out: Finding[] = [];
  for (const f of ws.allFiles()) for (const x of f.findings) if (x.id === 'yaml-syntax' || x.id === 'alias-limit' || x.id === 'file-too-large' || x.id === 'binary-file' || x.id === 'unreadable-object') out.push(x);
  return out;
}
