// Why a cluster could not be read, as one line a person can act on. No library types here.

/** What went wrong: decides the exit code and whether the rest of the analysis goes on. */
export type ClusterProblemKind = 'config' | 'unreachable' | 'unauthorized' | 'forbidden' | 'expired' | 'timeout' | 'server';

/** A failure to read the cluster; `message` is one line without the `netpol-lens:` prefix. */
export class ClusterError extends Error {
  constructor(readonly kind: ClusterProblemKind, message: string) {
    super(message);
  }
}

/** Any error of a request or watch as a ClusterError (node errors, client-node's status errors). */
export function asClusterError(e: unknown, server: string): ClusterError {
  if (e instanceof ClusterError) return e;
  const err = e as { statusCode?: number; code?: string | number; message?: string; type?: string };
  if (typeof err.statusCode === 'number') return statusError(err.statusCode, undefined, err.message ?? '');
  if (err.type === 'aborted' || err.code === 'ABORT_ERR') return new ClusterError('timeout', `no answer from ${server} in time`);
  return new ClusterError('unreachable', `cannot reach ${server}: ${oneLine(err.message ?? String(e))}`);
}

/** An HTTP error answer as a ClusterError; `status` is the API server's Status object if any. */
export function statusError(code: number, status: { message?: string; reason?: string } | undefined, fallback: string): ClusterError {
  const message = oneLine(status?.message || fallback || `HTTP ${code}`);
  if (code === 401) return new ClusterError('unauthorized', `the server refused the credentials (401 Unauthorized): ${message}`);
  if (code === 403) return new ClusterError('forbidden', `forbidden (403): ${message}`);
  if (code === 410) return new ClusterError('expired', `expired (410 Gone): ${message}`);
  return new ClusterError('server', `the server answered ${code}${status?.reason ? ` ${status.reason}` : ''}: ${message}`);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
