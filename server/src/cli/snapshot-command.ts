// `netpol-lens snapshot`: the cluster's namespaces, workloads, pods and policies as one manifest
// file that every command reads like any other.
import { writeFileSync } from 'node:fs';
import type { CliArgs } from './args';
import type { ClusterInput } from './cluster-source';

/** Writes the snapshot to `-o FILE` or stdout; exit 2 when a resource could not be read (it is left out). */
export function runSnapshot(args: CliArgs, cluster: ClusterInput, out: (s: string) => void, err: (s: string) => void): number {
  for (const u of cluster.unreadable) err(`netpol-lens: ${u.file}: ${u.message}\n`);
  const text = cluster.snapshot();
  if (args.output && args.output !== '-') {
    try {
      writeFileSync(args.output, text);
    } catch (e) {
      err(`netpol-lens: cannot write ${args.output} (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return 2;
    }
  } else out(text);
  return cluster.unreadable.length > 0 ? 2 : 0;
}
