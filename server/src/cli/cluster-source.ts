// Reads the cluster before a command runs when the command line asks for it, loading
// dist/cluster.js (client-node) only then, so a command without a cluster starts as fast as ever.
import { join } from 'node:path';
import type { ClusterRead } from '../cluster/index';
import { parseArgs, type CliArgs } from './args';
import { usesCluster } from './cluster-args';

/** The cluster's part of a command: manifest files, resources that failed, the snapshot text. */
export interface ClusterInput {
  files: { file: string; text: string }[];
  unreadable: { file: string; message: string }[];
  snapshot(): string;
}

type Main = (argv: string[], out: (s: string) => void, err: (s: string) => void, env: Record<string, string | undefined>, isTty: boolean,
  cluster?: ClusterInput) => number | Promise<number>;

/** Runs `main`, first reading the cluster if asked; a cluster that cannot be read is one line and exit 2. */
export async function runWithCluster(main: Main, argv: string[], out: (s: string) => void, err: (s: string) => void, env: Record<string, string | undefined>,
  isTty: boolean): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv, env, isTty);
  } catch {
    return main(argv, out, err, env, isTty); // main reports the usage error
  }
  if (args.command === 'help' || args.command === 'version' || !usesCluster(args)) return main(argv, out, err, env, isTty);
  let read: ClusterRead;
  let mod: typeof import('../cluster/index');
  try {
    // A computed path: esbuild leaves it alone, and dist/cluster.js loads only here.
    mod = require(join(__dirname, 'cluster.js'));
    read = await mod.readCluster({ kubeconfig: args.kubeconfig, context: args.kubeContext, env, requestTimeoutMs: args.requestTimeoutMs });
  } catch (e) {
    const kind = (e as { kind?: unknown }).kind;
    if (typeof kind === 'string') { err(`netpol-lens: ${(e as Error).message}\n`); return 2; }
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes('cluster.js')) {
      err(`netpol-lens: this copy has no cluster source (${join(__dirname, 'cluster.js')} is missing)\n`);
      return 2;
    }
    err(`netpol-lens: internal error: ${(e as Error).message}\n`);
    return 3;
  }
  return main(argv, out, err, env, isTty, {
    files: read.files,
    unreadable: read.problems.map((p) => ({ file: `cluster://${read.context}/${p.resource}`, message: p.message })),
    snapshot: () => mod.snapshotText(read),
  });
}
