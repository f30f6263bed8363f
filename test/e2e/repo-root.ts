// The repository root for the e2e helpers, found from the bundled file's location (out/test/e2e/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder above this (bundled) file that holds a package.json. */
export const REPO_ROOT = ((): string => {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
})();
