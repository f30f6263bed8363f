// Finds the user's own helm and kubectl (or kustomize): a path from a setting or CLI flag, else
// the first executable of that name on PATH. Nothing is ever downloaded.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The renderers' binaries, as found; undefined when missing. */
export interface RenderBinaries {
  helm?: string;
  /** kubectl (runs `kubectl kustomize`) or a standalone kustomize (runs `kustomize build`). */
  kustomize?: { path: string; kind: 'kubectl' | 'kustomize' };
  /** One line per binary named but not usable, for the user. */
  problems: string[];
}

/** Looks up the binaries; `helmPath`/`kubectlPath` (setting or flag) win over PATH. */
export function findBinaries(options: { helmPath?: string; kubectlPath?: string; env?: NodeJS.ProcessEnv }): RenderBinaries {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const named = (path: string | undefined, what: string): string | undefined => {
    if (!path) return undefined;
    const p = isAbsolute(path) || path.includes('/') ? resolve(path) : onPath(path, env);
    if (p && executable(p)) return p;
    problems.push(`${what} "${path}" is not an executable file`);
    return undefined;
  };
  const helm = options.helmPath ? named(options.helmPath, 'helm') : onPath('helm', env);
  let kustomize: RenderBinaries['kustomize'];
  if (options.kubectlPath) {
    const p = named(options.kubectlPath, 'kubectl');
    if (p) kustomize = { path: p, kind: /kustomize[^/]*$/.test(p) ? 'kustomize' : 'kubectl' };
  } else {
    const k = onPath('kubectl', env);
    const z = onPath('kustomize', env);
    kustomize = k ? { path: k, kind: 'kubectl' } : z ? { path: z, kind: 'kustomize' } : undefined;
  }
  return { helm, kustomize, problems };
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (executable(p)) return p;
  }
  return undefined;
}

function executable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
