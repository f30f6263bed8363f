// An in-process fake Kubernetes API server over TLS for tests: lists with resourceVersion and
// limit/continue, watch streams with bookmarks, 410 Gone, 403 Forbidden, dropped connections.
// Only loopback; only what kubectl and client-node read. Never used by the product.
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTls, type FakeTls } from './fake-apiserver-tls';
import { discovery, RESOURCES, table, wantsTable, type Resource } from './fake-apiserver-discovery';

/** A Kubernetes object as JSON (kind and apiVersion set). */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string;
  creationTimestamp?: string; [k: string]: unknown }; [k: string]: unknown };

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
interface Watcher { resource: Resource; namespace?: string; res: ServerResponse; bookmarks: boolean; table: boolean }

/** The fake API server. Start it with `FakeApiServer.start()`, stop it with `close()`. */
export class FakeApiServer {
  /** Every request as `METHOD path?query`, in order. */
  readonly requests: string[] = [];
  /** Emits `request` (the line above), `watch` (the plural) when a watch stream opens, `watch-closed` when one ends. */
  readonly events = new EventEmitter();
  /** Resources (plurals) that answer 403 Forbidden, as RBAC would. */
  readonly forbidden = new Set<string>();
  /** How many of the next continue tokens are answered with 410 Gone (expired); Infinity for all. */
  expireContinue = 0;
  /** The most items of one page, whatever the limit asked (the protocol lets a server send fewer). */
  maxPageSize = Infinity;
  /** When set, requests are accepted and never answered (a stuck server). */
  hang = false;
  private readonly objects = new Map<string, KubeObject>();
  private log: { rv: number; type: EventType; obj: KubeObject }[] = [];
  private rv = 1000;
  private oldestRv = 0;
  private readonly watchers = new Set<Watcher>();
  private uid = 0;
  /** Every socket ever accepted: close() destroys them, whatever state they are in. */
  private readonly sockets = new Set<Socket>();
  /** Sorted lists per resource and namespace, dropped at every change: a paged list of 50,000 pods sorts once. */
  private readonly lists = new Map<string, KubeObject[]>();

  private constructor(private readonly server: Server, readonly tls: FakeTls, private readonly dir: string, readonly token: string) {}

  /** Starts a server on 127.0.0.1 (a free port) holding `objects`; `token` is the bearer token it accepts. */
  static async start(options: { objects?: KubeObject[]; token?: string } = {}): Promise<FakeApiServer> {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-fake-apiserver-'));
    const tls = makeTls(dir);
    let fake!: FakeApiServer;
    const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => fake.handle(req, res));
    fake = new FakeApiServer(server, tls, dir, options.token ?? 'test-token');
    server.on('connection', (socket: Socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    for (const o of options.objects ?? []) fake.apply(o);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** `https://127.0.0.1:PORT`. */
  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A kubeconfig whose contexts (default one, `fake`) point here with the bearer token. */
  kubeconfig(contexts: string[] = ['fake'], token = this.token): string {
    const ctx = contexts.map((c) => `- name: ${c}\n  context: {cluster: fake, user: fake}`).join('\n');
    return `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: ${this.url}\n    certificate-authority: ${this.tls.caFile}\n` +
      `users:\n- name: fake\n  user:\n    token: ${token}\ncontexts:\n${ctx}\ncurrent-context: ${contexts[0]}\n`;
  }

  /** Adds or replaces an object; open watches see ADDED or MODIFIED. */
  apply(input: KubeObject): KubeObject {
    const resource = resourceOfKind(input.kind);
    const key = keyOf(resource, input.metadata.namespace, input.metadata.name);
    const old = this.objects.get(key);
    const obj: KubeObject = structuredClone(input);
    obj.metadata.uid = old?.metadata.uid ?? `uid-${++this.uid}`;
    obj.metadata.creationTimestamp = old?.metadata.creationTimestamp ?? input.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    obj.metadata.resourceVersion = String(++this.rv);
    this.objects.set(key, obj);
    this.lists.clear();
    this.record(old ? 'MODIFIED' : 'ADDED', resource, obj);
    return obj;
  }

  /** Deletes an object; open watches see DELETED. */
  remove(kind: string, namespace: string | undefined, name: string): void {
    const resource = resourceOfKind(kind);
    const key = keyOf(resource, namespace, name);
    const old = this.objects.get(key);
    if (!old) return;
    this.objects.delete(key);
    this.lists.clear();
    const obj = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.record('DELETED', resource, obj);
  }

  /** Forgets the event history: a watch from any earlier resourceVersion now gets 410 Gone. */
  compact(): void {
    this.log = [];
    this.oldestRv = ++this.rv;
  }

  /** Sends a BOOKMARK to every watch that allowed them. */
  bookmark(): void {
    for (const w of this.watchers) if (w.bookmarks) send(w, 'BOOKMARK', { kind: w.resource.kind, apiVersion: w.resource.groupVersion,
      metadata: { resourceVersion: String(this.rv) } });
  }

  /** Cuts every open watch connection without a word, as a load balancer or a crash would. */
  dropWatches(): void {
    for (const w of this.watchers) w.res.socket?.destroy();
    this.watchers.clear();
  }

  /** How many watch streams are open, per plural. */
  openWatches(plural: string): number {
    return [...this.watchers].filter((w) => w.resource.plural === plural).length;
  }

  /** Resolves when the next watch of `plural` opens (or at once if `count` are already open). */
  async watchOpen(plural: string, count = 1): Promise<void> {
    while (this.openWatches(plural) < count) {
      await new Promise<void>((resolve) => this.events.once('watch', () => resolve()));
    }
  }

  /** Resolves when no watch stream is open any more (the client closed them all). */
  async allWatchesClosed(): Promise<void> {
    while (this.watchers.size > 0) await new Promise<void>((resolve) => this.events.once('watch-closed', () => resolve()));
  }

  /** Stops listening, cuts every connection and removes the temp folder. */
  async close(): Promise<void> {
    this.dropWatches();
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private record(type: EventType, resource: Resource, obj: KubeObject): void {
    this.log.push({ rv: this.rv, type, obj });
    for (const w of this.watchers) if (w.resource === resource && matchesNs(w, obj)) send(w, type, obj);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const line = `${req.method} ${req.url}`;
    this.requests.push(line);
    this.events.emit('request', line);
    if (this.hang) return;
    const url = new URL(req.url ?? '/', this.url);
    if (req.headers.authorization !== `Bearer ${this.token}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    const doc = discovery(url.pathname, new URL(this.url).host);
    if (doc) return json(res, 200, doc);
    const route = parseRoute(url.pathname);
    if (!route || req.method !== 'GET') return status(res, 404, 'NotFound', `the server could not find the requested resource (${req.method} ${url.pathname})`);
    const { resource, namespace, name } = route;
    const group = resource.groupVersion.includes('/') ? resource.groupVersion.split('/')[0] : '';
    if (this.forbidden.has(resource.plural)) {
      const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
      const verb = name ? 'get' : url.searchParams.has('watch') ? 'watch' : 'list';
      return status(res, 403, 'Forbidden',
        `${resource.plural} is forbidden: User "system:serviceaccount:test:reader" cannot ${verb} resource "${resource.plural}" in API group ` +
        `"${group}" ${scope}`, { group, kind: resource.plural });
    }
    if (name) {
      const obj = this.objects.get(keyOf(resource, namespace, name));
      return obj ? json(res, 200, obj) : status(res, 404, 'NotFound', `${resource.plural} "${name}" not found`, { name, group, kind: resource.plural });
    }
    const watch = url.searchParams.get('watch');
    if (watch === '1' || watch === 'true') return this.watch(req, res, resource, namespace, url.searchParams);
    this.list(req, res, resource, namespace, url.searchParams);
  }

  private list(req: IncomingMessage, res: ServerResponse, resource: Resource, namespace: string | undefined, q: URLSearchParams): void {
    let start = 0;
    let rv = String(this.rv);
    const token = q.get('continue');
    if (token) {
      const c = decodeContinue(token);
      if (this.expireContinue > 0 || !c || Number(c.rv) < this.oldestRv) {
        if (this.expireContinue > 0) this.expireContinue--;
        return status(res, 410, 'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      start = c.start;
      rv = c.rv;
    }
    const all = this.current(resource, namespace);
    const limit = Math.min(Number(q.get('limit') ?? 0) || Infinity, this.maxPageSize);
    const end = Math.min(all.length, start + limit);
    const page = all.slice(start, end);
    if (wantsTable(req.headers.accept)) return json(res, 200, table(resource, page, rv, Date.now()));
    const metadata: Record<string, unknown> = { resourceVersion: rv };
    if (end < all.length) Object.assign(metadata, { continue: encodeContinue(rv, end), remainingItemCount: all.length - end });
    // Items of a list carry no kind or apiVersion: the list's kind says what they are.
    const items = page.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    json(res, 200, { kind: `${resource.kind}List`, apiVersion: resource.groupVersion, metadata, items });
  }

  private watch(req: IncomingMessage, res: ServerResponse, resource: Resource, namespace: string | undefined, q: URLSearchParams): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const w: Watcher = { resource, namespace, res, bookmarks: q.get('allowWatchBookmarks') === 'true', table: wantsTable(req.headers.accept) };
    const from = q.get('resourceVersion');
    if (from && from !== '0' && Number(from) < this.oldestRv) {
      // The API server answers a watch from a compacted resourceVersion with an ERROR event.
      send(w, 'ERROR', { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${from} (${this.oldestRv})`,
        reason: 'Expired', code: 410 });
      res.end();
      return;
    }
    if (!from || from === '0') for (const o of this.current(resource, namespace)) send(w, 'ADDED', o);
    else for (const e of this.log) if (e.rv > Number(from) && resourceOfKind(e.obj.kind) === resource && matchesNs(w, e.obj)) send(w, e.type, e.obj);
    this.watchers.add(w);
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000).unref() : undefined;
    res.on('close', () => {
      this.watchers.delete(w);
      if (timer) clearTimeout(timer);
      this.events.emit('watch-closed', resource.plural);
    });
    this.events.emit('watch', resource.plural);
  }

  private current(resource: Resource, namespace: string | undefined): KubeObject[] {
    const prefix = `${resource.plural}/${namespace === undefined ? '' : `${namespace}/`}`;
    let list = this.lists.get(prefix);
    if (!list) {
      list = [...this.objects.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, o]) => o);
      this.lists.set(prefix, list);
    }
    return list;
  }
}

function resourceOfKind(kind: string): Resource {
  const r = RESOURCES.find((x) => x.kind === kind);
  if (!r) throw new Error(`the fake API server does not serve ${kind}`);
  return r;
}

function keyOf(resource: Resource, namespace: string | undefined, name: string): string {
  return resource.namespaced ? `${resource.plural}/${namespace ?? 'default'}/${name}` : `${resource.plural}/${name}`;
}

function matchesNs(w: Watcher, obj: KubeObject): boolean {
  return w.namespace === undefined || obj.metadata.namespace === w.namespace;
}

/** `/api/v1/pods`, `/apis/G/V/namespaces/NS/PLURAL[/NAME]`, `/api/v1/namespaces[/NAME]`. */
function parseRoute(path: string): { resource: Resource; namespace?: string; name?: string } | undefined {
  const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/(.*)$/.exec(path);
  if (!m) return undefined;
  const gv = m[1] ?? m[2]!;
  const parts = m[3]!.split('/').filter(Boolean);
  const find = (plural: string | undefined) => RESOURCES.find((r) => r.groupVersion === gv && r.plural === plural);
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    const resource = find(parts[2]);
    return resource && parts.length <= 4 ? { resource, namespace: parts[1], name: parts[3] } : undefined;
  }
  const resource = find(parts[0]);
  return resource && parts.length <= 2 ? { resource, name: parts[1] } : undefined;
}

function send(w: Watcher, type: string, object: unknown): void {
  const obj = w.table && type !== 'ERROR' && type !== 'BOOKMARK' ? table(w.resource, [object as KubeObject],
    String((object as KubeObject).metadata.resourceVersion), Date.now()) : object;
  w.res.write(JSON.stringify({ type, object: obj }) + '\n');
}

function json(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function status(res: ServerResponse, code: number, reason: string, message: string, details?: Record<string, string>): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

function encodeContinue(rv: string, start: number): string {
  return Buffer.from(JSON.stringify({ rv, start })).toString('base64url');
}

function decodeContinue(token: string): { rv: string; start: number } | undefined {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return typeof c.rv === 'string' && Number.isInteger(c.start) ? c : undefined;
  } catch {
    return undefined;
  }
}
