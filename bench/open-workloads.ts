// Writes a workspace of N workloads that no policy selects: every pair may talk (N*(N-1) flows).
// Used by the flows benchmark and by the CLI's scale tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `n` Deployments over `namespaces` namespaces into files of 500 under `dir`. */
export function writeOpenWorkloads(dir: string, n: number, namespaces = 10): void {
  mkdirSync(dir, { recursive: true });
  for (let start = 0; start < n; start += 500) {
    const docs: string[] = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const ns = `ns-${i % namespaces}`;
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w-${i}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: w-${i}}}\n` +
        `  template:\n    metadata: {labels: {app: w-${i}}}\n    spec: {containers: [{name: main, image: x}]}\n`);
    }
    writeFileSync(join(dir, `workloads-${start / 500}.yaml`), docs.join('---\n'));
  }
}
