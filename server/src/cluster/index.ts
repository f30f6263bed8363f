// The cluster source's entry (bundled alone as dist/cluster.js, loaded only when a cluster is
// asked for): read a cluster once for the command line, or keep a ClusterReader for the editor.
import { ClusterError } from './errors';
import { listContexts, loadKubeConfig, type KubeConfigOptions } from './kube-config';
import { ClusterReader, type ClusterReaderOptions } from './cluster-reader';
import { manifestText, type ClusterFile } from './to-manifests';

export { ClusterError, ClusterReader, listContexts, loadKubeConfig };
export type { ClusterFile, ClusterReaderOptions, KubeConfigOptions };

/** What one read of a cluster gave: manifest files, and the resources that could not be read. */
export interface ClusterRead {
  context: string;
  server: string;
  files: ClusterFile[];
  /** The same objects, for one snapshot file. */
  objects: Record<string, unknown>[];
  /** One line per resource that could not be read (the rest of the analysis goes on without it). */
  problems: { resource: string; message: string }[];
}

/** Starts a reader that keeps watching (for the language server). */
export function watchCluster(options: KubeConfigOptions & Omit<ClusterReaderOptions, 'watch'>): ClusterReader {
  const { kc, context, server } = loadKubeConfig(options);
  const reader = new ClusterReader(kc, context, server, { ...options, watch: true });
  reader.start();
  return reader;
}

/**
 * Lists every resource once. Throws a ClusterError when nothing could be read (no such context,
 * unreachable, refused credentials); a resource that fails alone becomes one of `problems`.
 */
export async function readCluster(options: KubeConfigOptions & { requestTimeoutMs?: number }): Promise<ClusterRead> {
  const { kc, context, server } = loadKubeConfig(options);
  const reader = new ClusterReader(kc, context, server, { watch: false, requestTimeoutMs: options.requestTimeoutMs });
  reader.start();
  try {
    await reader.whenSettled();
  } finally {
    reader.stop();
  }
  const states = reader.resourceStates();
  const failed = states.filter((s) => s.state === 'failed');
  if (failed.length === states.length) {
    const e = failed[0]!.error!;
    throw new ClusterError(e.kind, `cluster of context "${context}": ${e.message}`);
  }
  return {
    context, server,
    files: reader.manifestFiles(),
    objects: reader.trimmedObjects(),
    problems: failed.map((s) => ({ resource: s.resource.plural, message: s.error!.message })),
  };
}

/** The files of a read as one manifest text (`netpol-lens snapshot`), headed by where it came from. */
export function snapshotText(read: ClusterRead): string {
  const header = [`# netpol-lens snapshot of the cluster of context "${read.context}" (${read.server})`];
  for (const p of read.problems) header.push(`# not read: ${p.resource}: ${p.message}`);
  return `${header.join('\n')}\n${manifestText(read.objects)}`;
}
