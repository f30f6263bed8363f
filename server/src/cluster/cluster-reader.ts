// A read-only view of a cluster kept current by client-node informers (list, then watch; a
// 410 Gone relists), restarted with backoff after errors. Each resource fails on its own.
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { ListWatch } from '@kubernetes/client-node/dist/cache.js';
import { Watch } from '@kubernetes/client-node/dist/watch.js';
import type { KubernetesObject } from '@kubernetes/client-node/dist/types.js';
import { asClusterError, ClusterError } from './errors';
import { listAll } from './list-all';
import { CLUSTER_RESOURCES, type ClusterResource } from './resources';
import { slim, toManifestFiles, trimAll, type ClusterFile, type ClusterObjects } from './to-manifests';

/** How a reader behaves. */
export interface ClusterReaderOptions {
  /** Keep watching after the first list (the editor), or list once (the command line). */
  watch: boolean;
  /** The limit of every list request, in milliseconds (default 10 s). */
  requestTimeoutMs?: number;
  /** The longest wait between restarts after an error (default 30 s; the first is 0.5 s). */
  maxBackoffMs?: number;
}

/** Where one resource stands: not read yet, read (and watched), or failed with a one-line reason. */
export interface ResourceState {
  resource: ClusterResource;
  state: 'pending' | 'synced' | 'failed';
  error?: ClusterError;
}

/**
 * client-node's Watch, asking for bookmarks and never opening a stream once stopped or when not
 * watching. The informer calls it right after a list's items are in its cache: `listed` says so.
 */
class ReaderWatch extends Watch {
  stopped = false;
  constructor(kc: KubeConfig, private readonly enabled: boolean, private readonly listed: (path: string) => void) {
    super(kc);
  }
  override async watch(path: string, query: Record<string, unknown>, callback: (phase: string, obj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void): Promise<AbortController> {
    if (!this.stopped) this.listed(path);
    if (this.stopped || !this.enabled) return new AbortController();
    // The server ends the stream after timeoutSeconds (spread, as client-go does); the informer reopens it.
    const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
    // Objects are slimmed before the informer's cache keeps them (memory: 50,000 real pods).
    const resource = CLUSTER_RESOURCES.find((r) => r.path === path);
    const slimmed = (phase: string, obj: unknown, watchObj?: unknown) =>
      callback(phase, resource && phase !== 'ERROR' && phase !== 'BOOKMARK' ? slim(resource, obj as Record<string, unknown>) : obj, watchObj);
    const controller = await super.watch(path, { ...query, allowWatchBookmarks: true, timeoutSeconds }, slimmed, done);
    if (this.stopped) controller.abort();
    return controller;
  }
}

/** Lists and watches the cluster's namespaces, workloads, pods and policies. Never writes. */
export class ClusterReader {
  private readonly states = new Map<string, ResourceState>();
  private readonly informers = new Map<string, ListWatch<KubernetesObject>>();
  private readonly watch: ReaderWatch;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<(scope?: string) => void>();
  /** Errors in a row per resource, for the backoff; a successful list resets it. */
  private readonly failures = new Map<string, number>();
  private stopped = false;

  constructor(private readonly kc: KubeConfig, readonly context: string, readonly server: string, private readonly options: ClusterReaderOptions) {
    this.watch = new ReaderWatch(kc, options.watch, (path) => {
      const resource = CLUSTER_RESOURCES.find((r) => r.path === path);
      if (resource) this.setState(resource, 'synced');
    });
    for (const resource of CLUSTER_RESOURCES) this.states.set(resource.plural, { resource, state: 'pending' });
  }

  /** Starts every informer. */
  start(): void {
    for (const resource of CLUSTER_RESOURCES) this.startOne(resource);
  }

  /** Stops every informer and pending restart; no request is sent after this. */
  stop(): void {
    this.stopped = true;
    this.watch.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const inf of this.informers.values()) void inf.stop();
  }

  /**
   * Calls `listener` when objects or a resource's state change. `scope` names what an object change
   * touched: its namespace, or '' for a cluster-scoped object (a Namespace); undefined for a state.
   */
  onChange(listener: (scope?: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The state of each resource. */
  resourceStates(): ResourceState[] {
    return [...this.states.values()];
  }

  /** Resolves once every resource has been read or has failed at least once. */
  whenSettled(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.resourceStates().some((s) => s.state === 'pending')) return;
        off();
        resolve();
      };
      const off = this.onChange(check);
      check();
    });
  }

  /** The objects read so far, per resource (failed resources hold what they last had, or nothing). */
  objects(): ClusterObjects {
    const out: ClusterObjects = new Map();
    for (const [plural, inf] of this.informers) out.set(plural, { resource: this.states.get(plural)!.resource,
      items: inf.list() as unknown as Record<string, unknown>[] });
    return out;
  }

  /** The objects trimmed to what the engine reads (for one snapshot file). */
  trimmedObjects(): Record<string, unknown>[] {
    return trimAll(this.objects());
  }

  /** The objects as manifest files `cluster://CONTEXT/...`. */
  manifestFiles(): ClusterFile[] {
    return toManifestFiles(this.context, this.objects());
  }

  /**
   * The manifest file of each scope (a namespace, or '' for the Namespace objects), read from the
   * informers' namespace index: a watch event re-makes one namespace's file, not the cluster's.
   * A scope with nothing left gives `text: undefined` (its file is gone). One JSON line per object.
   */
  filesOf(scopes: Iterable<string>): { file: string; text: string | undefined }[] {
    const out: { file: string; text: string | undefined }[] = [];
    for (const scope of scopes) {
      const objects: ClusterObjects = new Map();
      for (const [plural, inf] of this.informers) {
        const resource = this.states.get(plural)!.resource;
        if ((resource.plural === 'namespaces') !== (scope === '')) continue;
        const items = scope === '' ? inf.list() : inf.list(scope);
        if (items.length > 0) objects.set(plural, { resource, items: items as unknown as Record<string, unknown>[] });
      }
      const file = `cluster://${this.context}/${scope === '' ? 'namespaces' : `namespace-${scope}`}.yaml`;
      out.push({ file, text: toManifestFiles(this.context, objects, true).find((f) => f.file === file)?.text });
    }
    return out;
  }

  /** How many objects of a resource (plural) the reader holds, in one namespace or in all. */
  count(plural: string, namespace?: string): number {
    return this.informers.get(plural)?.list(namespace).length ?? 0;
  }

  private startOne(resource: ClusterResource): void {
    if (this.stopped) return;
    let inf = this.informers.get(resource.plural);
    if (!inf) {
      const timeout = this.options.requestTimeoutMs ?? 10_000;
      const list = async () => {
        // The informer's cache indexes by metadata (an item without a name would throw inside it) and keeps slim objects.
        const keep = (o: Record<string, unknown>) =>
          (typeof (o.metadata as { name?: unknown } | undefined)?.name === 'string' ? slim(resource, o) : undefined);
        const result = await listAll(this.kc, resource, timeout, keep);
        this.failures.set(resource.plural, 0);
        return result as never;
      };
      inf = new ListWatch<KubernetesObject>(resource.path, this.watch, list, false);
      const scope = (o: KubernetesObject) => (resource.plural === 'namespaces' ? '' : o.metadata?.namespace ?? '');
      for (const verb of ['add', 'update', 'delete'] as const) inf.on(verb, (o: KubernetesObject) => this.changed(scope(o)));
      inf.on('error', (err: unknown) => {
        this.setState(resource, 'failed', asClusterError(err, this.server));
        if (!this.options.watch || this.stopped) return;
        // Back off: 0.5 s, 1 s, 2 s, ... up to maxBackoffMs, with jitter so resources spread out.
        const failures = this.failures.get(resource.plural) ?? 0;
        this.failures.set(resource.plural, failures + 1);
        const delay = Math.min(this.options.maxBackoffMs ?? 30_000, 500 * 2 ** failures) * (0.75 + Math.random() / 2);
        const t = setTimeout(() => { this.timers.delete(t); this.startOne(resource); }, delay);
        t.unref();
        this.timers.add(t);
      });
      this.informers.set(resource.plural, inf);
    }
    // Whatever escapes the informer (it catches list and watch errors itself) fails the resource.
    inf.start().catch((e: unknown) => this.setState(resource, 'failed', asClusterError(e, this.server)));
  }

  private setState(resource: ClusterResource, state: ResourceState['state'], error?: ClusterError): void {
    this.states.set(resource.plural, { resource, state, error });
    this.changed();
  }

  private changed(scope?: string): void {
    for (const l of [...this.listeners]) l(scope);
  }
}
