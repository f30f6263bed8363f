// The command line's cluster options (--kube-context, --kubeconfig, --request-timeout, -o), kept
// apart from args.ts so the cluster source is one file to read.
import { UsageError } from './args';

/** The cluster options of a command line. */
export interface ClusterArgs {
  /** A context of the kubeconfig: its cluster's objects join the files. */
  kubeContext?: string;
  /** The kubeconfig to read (default: $KUBECONFIG, else ~/.kube/config). */
  kubeconfig?: string;
  /** The limit of each request to the API server, in milliseconds. */
  requestTimeoutMs?: number;
  /** Where `snapshot` writes (default: standard output). */
  output?: string;
}

/** The options above that take a value. */
export const CLUSTER_OPTIONS = ['--kube-context', '--kubeconfig', '--request-timeout', '--output'];

/** Sets one cluster option; returns false when `name` is not one. */
export function setClusterOption(args: ClusterArgs, name: string, value: string): boolean {
  switch (name) {
    case '--kube-context': args.kubeContext = value; return true;
    case '--kubeconfig': args.kubeconfig = value; return true;
    case '--output': args.output = value; return true;
    case '--request-timeout': {
      const n = Number(value.replace(/s$/, ''));
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--request-timeout must be a positive number of seconds, not "${value}"`);
      args.requestTimeoutMs = Math.round(n * 1000);
      return true;
    }
  }
  return false;
}

/** Whether the command reads a cluster: `snapshot` always, others when a cluster option is given. */
export function usesCluster(args: ClusterArgs & { command: string }): boolean {
  return args.command === 'snapshot' || args.kubeContext !== undefined || args.kubeconfig !== undefined;
}

/** The help lines of the cluster options. */
export const CLUSTER_HELP = `  --kube-context NAME      add the objects of this kubeconfig context's cluster (namespaces,
                           workloads, pods, policies; read-only) to the files
  --kubeconfig FILE        the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --request-timeout SECS   limit of each request to the cluster (default: 10)
  -o, --output FILE        where snapshot writes (default: standard output)
`;
