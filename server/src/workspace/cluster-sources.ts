// The server's live cluster: when `netpolLens.cluster.context` is set in a trusted workspace, loads
// dist/cluster.js (only then) and keeps the cluster's objects in the store as read-only files
// `netpol-cluster://CONTEXT/...`, one per namespace, re-made on watch events. Never writes to the cluster.
import { join } from 'node:path';
import type * as ClusterModule from '../cluster/index';
import { CLUSTER_SCHEME, DEFAULT_SETTINGS } from '../protocol';
import type { ClusterContextsParams, ClusterContextsResult, ClusterSettings, ClusterStatus } from '../protocol';
import type { ManifestStore } from './manifest-store';
import { collectGarbage, garbageEvery } from './heap';

/** Watch events are applied at most this long after the first one of a burst (a busy cluster never pauses). */
export const CLUSTER_DEBOUNCE_MS = 50;
/** Files re-made between two pauses for requests. */
const APPLY_BATCH = 50;

/** The URI of a cluster file: the context is URI-encoded, so any context name makes one authority. */
export function clusterUri(context: string, name: string): string {
  return `${CLUSTER_SCHEME}://${encodeURIComponent(context)}/${name}`;
}

/** `netpolLens.cluster` as sent by a client, with defaults for what is missing or invalid. */
export function clusterSettings(x: unknown): ClusterSettings {
  const s = (typeof x === 'object' && x !== null ? x : {}) as Partial<Record<keyof ClusterSettings, unknown>>;
  return {
    context: typeof s.context === 'string' ? s.context.trim() : DEFAULT_SETTINGS.cluster.context,
    kubeconfig: typeof s.kubeconfig === 'string' ? s.kubeconfig.trim() : DEFAULT_SETTINGS.cluster.kubeconfig,
  };
}

type Module = typeof ClusterModule;

/** A URI decoded and lowercased, to find a cluster file whatever an editor's encoding of it. */
function decoded(uri: string): string {
  try { return decodeURIComponent(uri).toLowerCase(); } catch { return uri.toLowerCase(); }
}

/** Loads the cluster bundle beside the server bundle (dist/cluster.js): client-node is never loaded before. */
function loadClusterModule(): Module {
  // A computed path: esbuild leaves the require alone, so dist/server.js holds no client-node code.
  return require(join(__dirname, 'cluster.js')) as Module;
}

/** The cluster of the chosen context, kept in the store. */
export class ClusterSources {
  private reader?: ClusterModule.ClusterReader;
  /** The settings (and trust) in effect, so an unchanged configuration keeps its connection. */
  private key = JSON.stringify(['', '']);
  private context = '';
  /** Why nothing can be read at all (no kubeconfig, no such context, not trusted), if so. */
  private fatal?: string;
  /** URIs of the cluster files in the store. */
  private readonly files = new Set<string>();
  /** Scopes (a namespace, '' for Namespace objects) changed since the last apply. */
  private readonly dirty = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  /** Every resource was read (or failed) once: before that, events wait for the whole first list. */
  private settled = false;
  private wasConnected = false;
  /** Problem lines logged and still current, so a retry that fails the same way logs nothing new. */
  private readonly logged = new Set<string>();
  private counts = { namespaces: 0, pods: 0 };
  /** Pods per namespace, as of the last apply: the total follows a watch event without a count of everything. */
  private readonly podsIn = new Map<string, number>();
  /** The reader whose files an apply is re-making (it yields between batches). */
  private applying?: ClusterModule.ClusterReader;

  /**
   * `changed(files)` runs after cluster files entered, changed or left the store (true), or after
   * only the connection's state changed (false).
   */
  constructor(private readonly store: ManifestStore, private readonly log: (message: string) => void,
    private readonly changed: (files: boolean) => void, private readonly load: () => Module = loadClusterModule) {}

  /**
   * Applies the settings: connects, switches context or disconnects (removing the cluster's
   * files). Untrusted workspaces never connect. Returns whether files left the store.
   */
  configure(settings: ClusterSettings, trusted: boolean): boolean {
    const key = JSON.stringify([settings.context, settings.kubeconfig, trusted]);
    if (key === this.key) return false;
    this.key = key;
    const removed = this.disconnect();
    this.context = settings.context;
    if (!settings.context) return removed;
    if (!trusted) {
      this.fatal = 'not connected: the workspace is not trusted';
      this.log(`netpol-lens: cluster "${this.context}": ${this.fatal}`);
      return removed;
    }
    try {
      const reader = this.load().watchCluster({ context: settings.context, kubeconfig: settings.kubeconfig || undefined });
      this.reader = reader;
      reader.onChange((scope) => { if (this.reader === reader) this.onReaderChange(scope); });
      this.log(`netpol-lens: cluster "${this.context}": connecting to ${reader.server}`);
    } catch (e) {
      this.fatal = String((e as Error).message ?? e).split('\n')[0]!;
      this.log(`netpol-lens: cluster "${this.context}": ${this.fatal}`);
    }
    return removed;
  }

  /** The kubeconfig's contexts, for the editor's choice (the bundle is loaded for it). */
  contexts(params: ClusterContextsParams, settings: ClusterSettings, trusted: boolean): ClusterContextsResult {
    if (!trusted) return { error: 'Restricted Mode: the kubeconfig is not read in an untrusted workspace.' };
    try {
      const r = this.load().listContexts({ kubeconfig: params.kubeconfig || settings.kubeconfig || undefined });
      return { contexts: r.contexts, current: r.current };
    } catch (e) {
      return { error: String((e as Error).message ?? e).split('\n')[0]! };
    }
  }

  /** A cluster file's text (for a read-only document), if the cluster has that file. */
  text(uri: string): string | undefined {
    if (this.files.has(uri)) return this.store.textOf(uri);
    // Editors re-encode a URI they parsed (VS Code lowercases the authority, escapes ':' or not): compare decoded.
    const want = decoded(uri);
    for (const f of this.files) if (decoded(f) === want) return this.store.textOf(f);
    return undefined;
  }

  /** What the status item shows; undefined when no context is set. */
  status(): ClusterStatus | undefined {
    if (!this.context) return undefined;
    return { context: this.context, connected: this.connected(), namespaces: this.counts.namespaces, pods: this.counts.pods, problems: this.problems() };
  }

  /** Stops watching and removes the cluster's files. Returns whether any left the store. */
  disconnect(): boolean {
    this.reader?.stop();
    this.reader = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
    this.logged.clear();
    this.settled = this.wasConnected = false;
    this.applying = undefined;
    this.fatal = undefined;
    this.counts = { namespaces: 0, pods: 0 };
    this.podsIn.clear();
    const removed = this.files.size > 0;
    for (const uri of this.files) this.store.removeRendered(uri);
    this.files.clear();
    return removed;
  }

  private problems(): string[] {
    if (this.fatal) return [this.fatal];
    const out: string[] = [];
    for (const s of this.reader?.resourceStates() ?? []) if (s.state === 'failed') out.push(`${s.resource.plural}: ${s.error?.message ?? 'failed'}`);
    return out;
  }

  /** Every resource was read, and those that fail are only forbidden (RBAC): the rest is live. */
  private connected(): boolean {
    if (!this.reader || !this.settled) return false;
    const states = this.reader.resourceStates();
    return states.some((s) => s.state === 'synced') && states.every((s) => s.state !== 'failed' || s.error?.kind === 'forbidden');
  }

  private onReaderChange(scope: string | undefined): void {
    if (scope !== undefined) this.dirty.add(scope);
    else this.noteState();
    if (!this.settled) {
      if (this.reader!.resourceStates().some((s) => s.state === 'pending')) return;
      this.settled = true;
      void this.apply();
      return;
    }
    if (this.dirty.size > 0 && !this.timer) this.timer = setTimeout(() => void this.apply(), CLUSTER_DEBOUNCE_MS);
  }

  /** Logs each new problem once, and each return to a connected state; the status follows. */
  private noteState(): void {
    const lines = new Set(this.problems());
    // A problem that went away is forgotten: if it comes back, it is logged again.
    for (const line of this.logged) if (!lines.has(line)) this.logged.delete(line);
    for (const line of lines) {
      if (this.logged.has(line)) continue;
      this.logged.add(line);
      this.log(`netpol-lens: cluster "${this.context}": ${line}`);
    }
    if (!this.settled) return;
    this.noteConnected();
    this.changed(false);
  }

  /**
   * Re-makes the files of the changed scopes in the store, in batches with a pause for requests
   * between them (the first sync of a large cluster is thousands of files), collecting garbage as
   * the indexing does. Scopes that change meanwhile wait for the next apply.
   */
  private async apply(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const reader = this.reader;
    if (!reader || this.applying === reader) return;
    this.applying = reader;
    const scopes = [...this.dirty];
    this.dirty.clear();
    const prefix = `cluster://${reader.context}/`;
    // The first sync of a large cluster follows lists whose pages are garbage now: freed before parsing piles more on.
    if (scopes.length > APPLY_BATCH) collectGarbage();
    const collect = garbageEvery(2 << 20);
    try {
      for (let i = 0; i < scopes.length; i += APPLY_BATCH) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        if (this.reader !== reader) return;
        const batch = scopes.slice(i, i + APPLY_BATCH);
        for (const scope of batch) {
          if (scope === '') continue;
          const pods = reader.count('pods', scope);
          this.counts.pods += pods - (this.podsIn.get(scope) ?? 0);
          if (pods > 0) this.podsIn.set(scope, pods); else this.podsIn.delete(scope);
        }
        for (const f of reader.filesOf(batch)) {
          const uri = clusterUri(this.context, f.file.slice(prefix.length));
          if (f.text === undefined) {
            if (this.files.delete(uri)) this.store.removeRendered(uri);
            continue;
          }
          this.store.setClusterFile(uri, f.text);
          this.files.add(uri);
          collect(f.text.length);
        }
      }
    } finally {
      if (this.applying === reader) this.applying = undefined;
    }
    if (this.dirty.size > 0) this.timer = setTimeout(() => void this.apply(), CLUSTER_DEBOUNCE_MS);
    this.counts.namespaces = reader.count('namespaces');
    this.noteConnected();
    this.changed(true);
  }

  /** Logs a (re)connection once. */
  private noteConnected(): void {
    const connected = this.connected();
    if (connected && !this.wasConnected) {
      this.log(`netpol-lens: cluster "${this.context}": connected (${this.counts.namespaces} namespaces, ${this.counts.pods} pods)`);
    }
    this.wasConnected = connected;
  }

  /** Stops for good (the server shuts down). */
  dispose(): void {
    this.disconnect();
  }
}
