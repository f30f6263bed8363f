// Shared test helpers: fixture paths and loading YAML into an engine workspace.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Workspace, type Snapshot, type Workload } from '../../server/src/engine/index';

/** The repository root: the nearest folder above the (bundled) test with a package.json. */
export const ROOT = ((): string => {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
})();

/** A path under test/fixtures. */
export function fixture(...parts: string[]): string {
  return join(ROOT, 'test', 'fixtures', ...parts);
}

/** A snapshot of the given YAML texts (file name → text). */
export function snapshotOf(files: Record<string, string>, defaultNamespace?: string): Snapshot {
  const ws = new Workspace({ defaultNamespace });
  for (const [name, text] of Object.entries(files)) ws.setFile(name, text);
  return ws.snapshot();
}

/** Reads every file of a fixture folder into a workspace. */
export function workspaceOfDir(dir: string): Workspace {
  const ws = new Workspace();
  for (const name of readdirSync(dir)) if (/\.(ya?ml|json)$/.test(name)) ws.setFile(join(dir, name), readFileSync(join(dir, name), 'utf8'));
  return ws;
}

/** The one workload named `ns/name`; throws when missing or ambiguous. */
export function workload(s: Snapshot, ref: string): Workload {
  const found = s.findWorkloads(ref);
  if (found.length !== 1) throw new Error(`expected one workload ${ref}, found ${found.length}`);
  return found[0]!;
}
