// The server's view of the workspace: the engine Workspace fed from disk and from open
// documents (open documents override disk). Knows files by URI; no LSP wiring here.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectGarbage, garbageEvery } from './heap';
import { DocumentCache, LineIndex, Workspace, type ExternalConfig, type FileFacts, type Snapshot, type Span } from '../engine/index';
import { projectConfigPath, readProjectConfigs, type ConfigFileProblem } from './project-config-file';
import { findManifests, wouldFind, wouldFindUnder } from './find-manifests';
import type { FolderPlan } from '../render/folder-sources';
import { join } from 'node:path';
import { globToRegExp } from './glob';
import { readManifestText } from './manifest-text';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../protocol';

/** How often facts read by the indexing join the index (see `indexFolders`). */
const INDEX_FLUSH_MS = 1000;
/** The longest the indexing reads files before it lets requests and edits in. */
const YIELD_MS = 15;

/** An open document's text and the engine's facts about it. */
export interface OpenDocument {
  uri: string;
  document: TextDocument;
  text: string;
  facts: FileFacts;
  cache: DocumentCache;
}

/** Files on disk and open documents, analyzed together. */
export class ManifestStore {
  private workspace: Workspace;
  private readonly open = new Map<string, OpenDocument>();
  private readonly diskLines = new Map<string, LineIndex>();
  /** Files indexed from disk (not open): URI → file system path. */
  private readonly disk = new Map<string, string>();
  /** The workspace folders (file system paths): only files under them are read from disk. */
  private roots: string[] = [];
  private excludes: RegExp[] = [];
  /** The folders' render plans: a target's input file is not read raw (its rendered output is). */
  private plans: FolderPlan[] = [];
  /** The input files the plans listed (absolute paths), to see what a new plan changes. */
  private planInputs = new Set<string>();
  /** Rendered outputs and cluster files: URI → text, the namespace of objects that name none, whether secondary (a cluster's). */
  private readonly rendered = new Map<string, { text: string; namespace?: string; secondary?: boolean }>();
  /** What the folders' `.netpol-lens.yaml` declare as existing outside the workspace. */
  private external: ExternalConfig = { namespaces: [], workloads: [] };

  constructor(private settings: Settings) {
    this.workspace = this.newWorkspace();
    this.excludes = settings.exclude.map(globToRegExp);
  }

  private newWorkspace(): Workspace {
    const ws = new Workspace({ defaultNamespace: this.settings.defaultNamespace, maxFileSize: this.settings.maxFileSize });
    ws.setExternal(this.external);
    return ws;
  }

  /**
   * (Re-)reads `.netpol-lens.yaml` at the root of each folder and applies what they declare as
   * existing outside the workspace. Returns what the files could not use, for the log.
   */
  loadProjectConfigs(roots: readonly string[]): ConfigFileProblem[] {
    const configs = readProjectConfigs(roots);
    this.external = configs.external;
    this.workspace.setExternal(this.external);
    return configs.problems;
  }

  /** Whether a path is the `.netpol-lens.yaml` of a workspace folder. */
  isProjectConfig(path: string): boolean {
    return this.roots.some((root) => projectConfigPath(root) === path);
  }

  /**
   * Applies new settings. A new default namespace, size limit or exclude list changes what the
   * files say: the index starts over from the open documents (each with a fresh cache, so no
   * section keeps facts read under the old settings), and the caller re-indexes the folders
   * (`indexFolders`). Returns whether it must.
   */
  updateSettings(settings: Settings, roots: string[]): boolean {
    const reread = settings.defaultNamespace !== this.settings.defaultNamespace || settings.maxFileSize !== this.settings.maxFileSize ||
      settings.exclude.join('\0') !== this.settings.exclude.join('\0');
    this.settings = settings;
    this.excludes = settings.exclude.map(globToRegExp);
    this.roots = [...roots];
    if (!reread) return false;
    this.workspace = this.newWorkspace();
    this.diskLines.clear();
    this.disk.clear();
    for (const [uri, r] of this.rendered) this.workspace.setFile(uri, r.text, { releaseNamespace: r.namespace, secondary: r.secondary });
    for (const doc of [...this.open.values()]) {
      this.open.delete(doc.uri);
      this.setOpen(doc.document);
    }
    return true;
  }

  /** Sets the workspace folders; files of folders no longer listed leave the index (open ones stay). */
  setRoots(roots: string[]): void {
    this.roots = [...roots];
    for (const [uri, path] of [...this.disk]) if (!this.indexable(path)) this.dropDisk(uri);
  }

  /**
   * Whether the folder scan indexes this path: under a workspace folder, a manifest extension,
   * outside `node_modules` and `.git`, not excluded. Size and Helm templates are checked on read.
   */
  indexable(path: string): boolean {
    return this.roots.some((root) => wouldFindUnder(root, path, this.excludes));
  }

  /**
   * Lists the manifest files of the workspace folders (file system paths): from the folder's
   * render plan when it listed the whole folder (one walk at start-up, not one per use).
   */
  listFolderFiles(roots: string[]): string[] {
    const out: string[] = [];
    const walk: string[] = [];
    for (const root of roots) {
      const plan = this.plans.find((p) => p.root === root && p.complete);
      if (!plan) { walk.push(root); continue; }
      for (const rel of plan.files) if (wouldFind(rel, this.excludes)) out.push(join(root, rel));
    }
    for (const f of findManifests(walk, { exclude: this.settings.exclude }).files) out.push(f);
    return [...new Set(out)].sort();
  }

  /**
   * Reads every manifest file under the folders, `batch` files at a time; after each batch
   * `between(done, total)` runs (progress, letting requests in). Returns how many were read.
   */
  async indexFolders(roots: string[], between: (done: number, total: number) => Promise<void>, batch = 50): Promise<number> {
    const files = this.listFolderFiles(roots);
    // Parsing leaves garbage that V8 collects late: collect every 4 MB read to keep the peak low.
    const collect = garbageEvery(4 << 20);
    // Read facts join the index about once a second, not per batch: each join makes the next
    // keystroke rebuild the workload index, so typing during indexing would pay that per batch.
    const pending: { facts: FileFacts; path: string }[] = [];
    let flushed = Date.now();
    const flush = () => {
      for (const p of pending.splice(0)) {
        if (this.open.has(p.facts.file)) continue; // opened meanwhile: the document wins
        this.workspace.setFacts(p.facts);
        this.disk.set(p.facts.file, p.path);
      }
      flushed = Date.now();
    };
    // Requests and keystrokes get in between files every YIELD_MS (a batch of large files would
    // hold an edit back for seconds), and at least every `batch` files.
    let yielded = Date.now();
    for (let i = 0; i < files.length; i++) {
      collect(this.readDisk(files[i]!, pending));
      if (i % batch === batch - 1 || Date.now() - yielded >= YIELD_MS) {
        if (Date.now() - flushed >= INDEX_FLUSH_MS) flush();
        await between(i + 1, files.length);
        yielded = Date.now();
      }
    }
    flush();
    if (files.length > 0) collectGarbage();
    return files.length;
  }

  /**
   * Reads one file from disk (unless it is open) by the rules of the first indexing: a file the
   * folder scan would skip, an oversized file or a Helm template leaves (or stays out of) the
   * index. Returns how much it read (UTF-16 units; 0 when nothing).
   */
  readDisk(path: string, pending?: { facts: FileFacts; path: string }[]): number {
    const uri = pathToFileURL(path).toString();
    if (this.open.has(uri)) return 0;
    this.diskLines.delete(uri);
    // A Helm template or a kustomization's resource: what it says comes from the rendered output.
    const text = this.indexable(path) && !this.isRenderInput(path) ? this.readText(path) : undefined;
    if (text === undefined) { this.dropDisk(uri); return 0; }
    const facts = this.workspace.readFacts(uri, text);
    // A template outside any rendered chart says nothing until opened (then it gets its note).
    if (facts.findings.some((f) => f.id === 'unrendered-template')) { this.dropDisk(uri); return text.length; }
    // `pending`: the indexing loop adds the facts later, in bulk.
    if (pending) { pending.push({ facts, path }); return text.length; }
    this.workspace.setFacts(facts);
    this.disk.set(uri, path);
    return text.length;
  }

  /** A file's text if it is readable and within maxFileSize (bytes on disk). */
  private readText(path: string): string | undefined {
    try {
      if (statSync(path).size > this.settings.maxFileSize) return undefined;
      return readManifestText(path);
    } catch {
      return undefined;
    }
  }

  private dropDisk(uri: string): void {
    this.disk.delete(uri);
    this.diskLines.delete(uri);
    if (!this.open.has(uri)) this.workspace.removeFile(uri);
  }

  /**
   * Forgets deleted paths: a file, or a folder with every indexed file under it (editors report
   * a deleted folder once, not its files). Open documents keep their text.
   */
  removeDisk(paths: string[]): void {
    const gone = new Set<string>();
    for (const path of paths) {
      const uri = pathToFileURL(path).toString();
      if (this.disk.has(uri) || this.open.has(uri)) this.dropDisk(uri);
      else gone.add(path);
    }
    if (gone.size === 0) return;
    // One pass over the index, walking each file's parent folders: O(files × depth).
    for (const [uri, path] of [...this.disk]) {
      for (let d = dirname(path); ; d = dirname(d)) {
        if (gone.has(d)) { this.dropDisk(uri); break; }
        if (dirname(d) === d) break;
      }
    }
  }

  /** Sets an open document's text; it overrides the file on disk. */
  setOpen(document: TextDocument): OpenDocument {
    const uri = document.uri;
    const text = document.getText();
    const cache = this.open.get(uri)?.cache ?? new DocumentCache();
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    const facts = path !== undefined && this.isRenderInput(path)
      ? this.workspace.setFile(uri, '', { cache })
      : this.workspace.setFile(uri, text, { cache, keepObjects: true, releaseNamespace: this.rendered.get(uri)?.namespace });
    const doc: OpenDocument = { uri, document, text, facts, cache };
    this.open.set(uri, doc);
    return doc;
  }

  /** Whether a file (URI) is in the index, open or from disk. */
  indexed(uri: string): boolean {
    return this.workspace.getFile(uri) !== undefined;
  }

  /** Whether a file is an input of a render target of some folder. */
  isRenderInput(path: string): boolean {
    return this.plans.some((p) => path.startsWith(p.root + '/') && p.role(path).kind === 'input');
  }

  /**
   * New render plans: files that became a target's input leave the raw index, files that stopped
   * being one are read again, and open documents are re-read under their new role.
   */
  setPlans(plans: FolderPlan[]): void {
    const before = this.planInputs;
    const after = new Set<string>();
    for (const p of plans) for (const rel of p.files) { const abs = join(p.root, rel); if (p.role(abs).kind === 'input') after.add(abs); }
    this.plans = plans;
    this.planInputs = after;
    for (const path of before) if (!after.has(path)) this.readDisk(path);
    for (const path of after) if (!before.has(path)) { const uri = pathToFileURL(path).toString(); if (this.disk.has(uri)) this.dropDisk(uri); }
    for (const doc of [...this.open.values()]) {
      const path = doc.uri.startsWith('file:') ? fileURLToPath(doc.uri) : undefined;
      if (path !== undefined && before.has(path) !== after.has(path)) this.setOpen(doc.document);
    }
  }

  /** Puts a target's rendered output in the workspace (or replaces it). */
  setRendered(uri: string, text: string, namespace?: string): void {
    this.rendered.set(uri, { text, namespace });
    this.diskLines.delete(uri);
    this.workspace.setFile(uri, text, { releaseNamespace: namespace });
  }

  /** Puts a live cluster's file in the workspace (or replaces it): read-only, and a workload in a file too is located at the file. */
  setClusterFile(uri: string, text: string): void {
    this.rendered.set(uri, { text, secondary: true });
    this.diskLines.delete(uri);
    this.workspace.setFile(uri, text, { secondary: true });
  }

  /** Removes a rendered output or a cluster file. */
  removeRendered(uri: string): void {
    this.rendered.delete(uri);
    this.diskLines.delete(uri);
    this.workspace.removeFile(uri);
  }

  /** The facts of a rendered output. */
  renderedFacts(uri: string): FileFacts | undefined {
    return this.rendered.has(uri) ? this.workspace.getFile(uri) : undefined;
  }

  /** The text of an open document, a rendered output, a cluster file or a file on disk (as editors show it), if readable. */
  textOf(uri: string): string | undefined {
    const open = this.open.get(uri);
    if (open) return open.text;
    const rendered = this.rendered.get(uri);
    if (rendered) return rendered.text;
    if (!uri.startsWith('file:')) return undefined;
    try { return readManifestText(fileURLToPath(uri)); } catch { return undefined; }
  }

  /** Closes a document: the file on disk counts again if the first indexing would read it. */
  close(uri: string): void {
    this.open.delete(uri);
    // readDisk drops the file when it is gone, skipped or unreadable.
    const rendered = this.rendered.get(uri);
    if (rendered) this.workspace.setFile(uri, rendered.text, { releaseNamespace: rendered.namespace });
    else if (uri.startsWith('file:')) this.readDisk(fileURLToPath(uri));
    else this.workspace.removeFile(uri);
  }

  /** The open document, if open. */
  getOpen(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  /** All open documents. */
  openDocuments(): OpenDocument[] {
    return [...this.open.values()];
  }

  /** The current analysis snapshot. */
  snapshot(): Snapshot {
    return this.workspace.snapshot();
  }

  /** How many manifest files are indexed (rendered outputs are not files): no walk per status. */
  fileCount(): number {
    return this.workspace.fileCount() - this.rendered.size;
  }

  /** The 0-based line and character of an offset in any known file (open or on disk). */
  position(uri: string, offset: number): { line: number; character: number } {
    const open = this.open.get(uri);
    if (open) return open.document.positionAt(offset);
    let index = this.diskLines.get(uri);
    if (!index) {
      try {
        // Rendered outputs and cluster files have no file on disk: their lines come from their text.
        index = new LineIndex(this.rendered.get(uri)?.text ?? readManifestText(fileURLToPath(uri)));
        this.diskLines.set(uri, index);
      } catch {
        return { line: 0, character: 0 };
      }
    }
    const p = index.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  }

  /** A span of any known file as an LSP range. */
  range(uri: string, span: Span): { start: { line: number; character: number }; end: { line: number; character: number } } {
    return { start: this.position(uri, span.start), end: this.position(uri, span.end) };
  }
}
