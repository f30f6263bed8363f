// Finds the kubeconfig (--kubeconfig, $KUBECONFIG, ~/.kube/config) and the context to use, with
// client-node's own loader so exec plugins, tokens and client certificates work as in kubectl.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { ClusterError } from './errors';

/** Where to read the kubeconfig from and which context to use. */
export interface KubeConfigOptions {
  /** A kubeconfig file (`--kubeconfig`); else $KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string;
  /** A context by name (`--kube-context`); else the kubeconfig's current context. */
  context?: string;
  env?: Record<string, string | undefined>;
}

/** A loaded kubeconfig switched to the chosen context. */
export interface ChosenConfig {
  kc: KubeConfig;
  context: string;
  server: string;
}

/** The contexts of the kubeconfig (for a choice in the editor), and its current one. */
export function listContexts(options: Omit<KubeConfigOptions, 'context'>): { contexts: string[]; current?: string; files: string[] } {
  const { kc, found } = loadFiles(options);
  return { contexts: kc.getContexts().map((c) => c.name), current: kc.getCurrentContext() || undefined, files: found };
}

/** Loads the kubeconfig and selects the context; a missing file or context is a ClusterError('config'). */
export function loadKubeConfig(options: KubeConfigOptions): ChosenConfig {
  const { kc, found } = loadFiles(options);
  const names = kc.getContexts().map((c) => c.name);
  const context = options.context ?? kc.getCurrentContext();
  if (!context) throw new ClusterError('config',
    `${found.join(', ')} sets no current context (use --kube-context NAME; contexts: ${names.join(', ') || 'none'})`);
  if (!kc.getContextObject(context)) throw new ClusterError('config',
    `no context "${context}" in ${found.join(', ')} (contexts: ${names.join(', ') || 'none'})`);
  kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new ClusterError('config', `context "${context}" names no cluster with a server address`);
  return { kc, context, server: cluster.server };
}

/** Reads the kubeconfig files (merged as kubectl merges them); none, or an unreadable one, is a ClusterError('config'). */
function loadFiles(options: Omit<KubeConfigOptions, 'context'>): { kc: KubeConfig; found: string[] } {
  const env = options.env ?? process.env;
  const files = options.kubeconfig ? [options.kubeconfig] : env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(homedir(), '.kube',
    'config')];
  const found = files.filter((f) => existsSync(f));
  if (found.length === 0) throw new ClusterError('config',
    `no kubeconfig: ${files.join(', ')} ${files.length === 1 ? 'does' : 'do'} not exist (use --kubeconfig FILE or set KUBECONFIG)`);
  const kc = new KubeConfig();
  try {
    // Several files merge as kubectl merges them (the first file's current context wins).
    if (found.length === 1) kc.loadFromFile(found[0]!);
    else {
      for (const f of found) {
        const one = new KubeConfig();
        one.loadFromFile(f);
        kc.mergeConfig(one, !!kc.currentContext);
      }
    }
  } catch (e) {
    throw new ClusterError('config', `cannot read kubeconfig ${found.join(', ')}: ${(e as Error).message.split('\n')[0]}`);
  }
  return { kc, found };
}
