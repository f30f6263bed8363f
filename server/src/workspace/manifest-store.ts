// The server's view of the workspace: the engine Workspace fed from disk and from open
// documents (open documents override disk). Knows files by URI; no LSP wiring here.
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectGarbage, garbageEvery } from './heap';
import { DocumentCache, LineIndex, Workspace, type FileFacts, type Snapshot, type Span } from '../engine/index';
import { findManifests, isTemplate, wouldFindUnder } from './find-manifests';
import { globToRegExp } from './glob';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../protocol';

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

  constructor(private settings: Settings) {
    this.workspace = this.newWorkspace();
    this.excludes = settings.exclude.map(globToRegExp);
  }

  private newWorkspace(): Workspace {
    return new Workspace({ defaultNamespace: this.settings.defaultNamespace, maxFileSize: this.settings.maxFileSize });
  }

  /**
   * Applies new settings. A new default namespace, size limit or exclude list changes what the
   * files say: the index starts over from the open documents (each with a fresh cache, so no
   * section keeps facts read under the old settings), and the caller re-indexes the folders
   * (`indexFolders`). Returns whether it must.
   */
  updateSettings(settings: Settings, roots: string[]): boolean {
    const reread = settings.defaultNamespace !== this.settings.defaultNamespace || settings.maxFileSize !== this.settings.maxFileSize || settings.exclude.join('\0') !== this.settings.exclude.join('\0');
    this.settings = settings;
    this.excludes = settings.exclude.map(globToRegExp);
    this.roots = [...roots];
    if (!reread) return false;
    this.workspace = this.newWorkspace();
    this.diskLines.clear();
    this.disk.clear();
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

  /** Lists the manifest files of the workspace folders (file system paths). */
  listFolderFiles(roots: string[]): string[] {
    return findManifests(roots, { exclude: this.settings.exclude }).files;
  }

  /**
   * Reads every manifest file under the folders, `batch` files at a time; after each batch
   * `between(done, total)` runs (progress, letting requests in). Returns how many were read.
   */
  async indexFolders(roots: string[], between: (done: number, total: number) => Promise<void>, batch = 50): Promise<number> {
    const files = this.listFolderFiles(roots);
    // Parsing leaves garbage that V8 collects late: collect every 4 MB read to keep the peak low.
    const collect = garbageEvery(4 << 20);
    for (let i = 0; i < files.length; i++) {
      collect(this.readDisk(files[i]!));
      if (i % batch === batch - 1) await between(i + 1, files.length);
    }
    if (files.length > 0) collectGarbage();
    return files.length;
  }

  /**
   * Reads one file from disk (unless it is open) by the rules of the first indexing: a file the
   * folder scan would skip, an oversized file or a Helm template leaves (or stays out of) the
   * index. Returns how much it read (UTF-16 units; 0 when nothing).
   */
  readDisk(path: string): number {
    const uri = pathToFileURL(path).toString();
    if (this.open.has(uri)) return 0;
    this.diskLines.delete(uri);
    const text = this.indexable(path) ? this.readText(path) : undefined;
    if (text === undefined || isTemplate(text)) { this.dropDisk(uri); return 0; }
    this.workspace.setFile(uri, text);
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
    const facts = isTemplate(text)
      ? this.workspace.setFile(uri, '', { cache })
      : this.workspace.setFile(uri, text, { cache, keepObjects: true });
    const doc: OpenDocument = { uri, document, text, facts, cache };
    this.open.set(uri, doc);
    return doc;
  }

  /** Closes a document: the file on disk counts again if the first indexing would read it. */
  close(uri: string): void {
    this.open.delete(uri);
    // readDisk drops the file when it is gone, skipped or unreadable.
    if (uri.startsWith('file:')) this.readDisk(fileURLToPath(uri));
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

  /** How many files are indexed. */
  fileCount(): number {
    let n = 0;
    for (const _ of this.workspace.allFiles()) n++;
    return n;
  }

  /** The 0-based line and character of an offset in any known file (open or on disk). */
  position(uri: string, offset: number): { line: number; character: number } {
    const open = this.open.get(uri);
    if (open) return open.document.positionAt(offset);
    let index = this.diskLines.get(uri);
    if (!index) {
      try {
        index = new LineIndex(readManifestText(fileURLToPath(uri)));
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

/**
 * A file's text as editors show it: without a leading byte order mark, which they strip, so
 * offsets into files on disk and into open documents agree.
 */
export function readManifestText(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
