// Plans one folder for reading: lists its files, reads `.netpol-lens.yaml`, the kustomization
// files and Chart.yaml files, and asks the engine which targets to render and which files are
// their inputs. The CLI and the server both read folders through here.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONFIG_FILE, discoverTargets, fileRole, readRenderConfig, type FileRole, type RenderConfig, type SourcePlan } from '../engine/index';
import { globToRegExp } from '../workspace/glob';
import { toSlashes, walkFolder } from '../workspace/find-manifests';

/** Above this many files a folder is planned from what was listed so far (a home directory opened by mistake). */
const MAX_LISTED = 200_000;

/** A folder's plan and how to ask it about a file. */
export interface FolderPlan {
  root: string;
  /** Every file of the folder (relative, `/`-separated). */
  files: string[];
  /** Whether `files` is the whole folder (false when the listing stopped at its limit). */
  complete: boolean;
  plan: SourcePlan;
  config?: RenderConfig;
  /** The role of a file (absolute path) under the root. */
  role(path: string): FileRole;
}

/** Plans the folder `root` (absolute). `chosen`: target ids picked among alternatives. */
export function planFolder(root: string, options: { exclude?: string[]; chosen?: readonly string[] } = {}): FolderPlan {
  const excludes = (options.exclude ?? []).map(globToRegExp);
  const files = listFiles(root, excludes);
  const read = (rel: string) => {
    try { return readFileSync(join(root, rel), 'utf8'); } catch { return undefined; }
  };
  const configText = files.includes(CONFIG_FILE) ? read(CONFIG_FILE) : undefined;
  const config = configText === undefined ? undefined : readRenderConfig(join(root, CONFIG_FILE), configText);
  const plan = discoverTargets({ files, read, config, chosen: options.chosen, configFile: CONFIG_FILE });
  // Findings name files by their absolute path, as every other finding does.
  for (const f of plan.findings) f.file = join(root, f.file);
  return { root, files, complete: files.length < MAX_LISTED, plan, config, role: (path) => fileRole(plan, toSlashes(relative(root, path))) };
}

/** Every file under root (relative, `/`-separated), skipping node_modules, .git and excludes. */
function listFiles(root: string, excludes: RegExp[]): string[] {
  const out: string[] = [];
  walkFolder(root, excludes, (rel) => void out.push(rel), undefined, MAX_LISTED);
  return out.sort();
}
