// Reads `.netpol-lens.yaml` at the root of each workspace folder (node fs) and merges what the
// folders declare as existing outside the workspace; the parsing is the engine's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyProjectConfig, parseProjectConfig, PROJECT_CONFIG_FILE, type ExternalConfig, type ProjectConfig } from '../engine/index';

/** A problem of one config file, with its path and 1-based line. */
export interface ConfigFileProblem {
  file: string;
  line: number;
  message: string;
}

/** The configs of a set of folders. */
export interface ProjectConfigs {
  /** Each folder's parsed config (empty when it has no file), in the folders' order. */
  perRoot: { root: string; config: ProjectConfig }[];
  /** Every folder's `external:` together: what one folder declares exists for all. */
  external: ExternalConfig;
  problems: ConfigFileProblem[];
}

/** The config file's path for a folder. */
export function projectConfigPath(root: string): string {
  return join(root, PROJECT_CONFIG_FILE);
}

/** Reads the config of each folder; a missing file is an empty config, an unreadable one a problem. */
export function readProjectConfigs(roots: readonly string[]): ProjectConfigs {
  const out: ProjectConfigs = { perRoot: [], external: { namespaces: [], workloads: [] }, problems: [] };
  for (const root of roots) {
    const file = projectConfigPath(root);
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') out.problems.push({ file, line: 1, message: `cannot read (${code ?? 'error'})` });
    }
    if (text === undefined) { out.perRoot.push({ root, config: emptyProjectConfig() }); continue; }
    const { config, problems } = parseProjectConfig(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    out.perRoot.push({ root, config });
    for (const n of config.external.namespaces) out.external.namespaces.push(n);
    for (const w of config.external.workloads) out.external.workloads.push(w);
    for (const p of problems) out.problems.push({ file, line: p.line, message: p.message });
  }
  return out;
}
