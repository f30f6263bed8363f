// Lists one resource in pages (limit/continue), as kubectl and client-go's pager do, with a
// bound on pages and on restarts when a continue token expires (410 Gone).
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { ClusterError } from './errors';
import { getJson } from './request';
import type { ClusterResource } from './resources';

/** A list as the informer wants it: items and the resourceVersion to watch from. */
export interface ListResult {
  items: Record<string, unknown>[];
  metadata: { resourceVersion: string };
}

const PAGE_SIZE = 500;
const MAX_PAGES = 2_000;
const MAX_RESTARTS = 2;

/**
 * Lists every object of `resource`; each request is limited to `timeoutMs`. `keep` maps each item
 * as its page arrives (undefined drops it), so a page's full objects are garbage before the next.
 */
export async function listAll(kc: KubeConfig, resource: ClusterResource, timeoutMs: number,
  keep: (o: Record<string, unknown>) => Record<string, unknown> | undefined = (o) => o): Promise<ListResult> {
  for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
    const items: Record<string, unknown>[] = [];
    let token: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = `?limit=${PAGE_SIZE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
        const list = (await getJson(kc, resource.path + query, timeoutMs)) as {
          items?: Record<string, unknown>[]; metadata?: { resourceVersion?: string; continue?: string };
        };
        for (const o of list.items ?? []) {
          const kept = keep(o);
          if (kept) items.push(kept);
        }
        token = list.metadata?.continue || undefined;
        if (!token) return { items, metadata: { resourceVersion: list.metadata?.resourceVersion ?? '' } };
      }
      throw new ClusterError('server', `the list of ${resource.plural} has more than ${MAX_PAGES} pages of ${PAGE_SIZE}`);
    } catch (e) {
      // A continue token expires when the list outlives the server's history (410 Gone); the
      // pager then starts the list again from the first page.
      if (e instanceof ClusterError && e.kind === 'expired' && token) continue;
      throw e;
    }
  }
  throw new ClusterError('expired', `the list of ${resource.plural} expired (410 Gone) ${MAX_RESTARTS + 1} times in a row while paging`);
}
