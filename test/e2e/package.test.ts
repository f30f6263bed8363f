// The packaged .vsix holds exactly what .vscodeignore lets in (the bundles, the grammar, the
// icon, the docs, the webview's media), and stays small. Runs vsce, as `npm run package` does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root';
import { packageVsix } from './package-vsix';

const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/client/media/flow-graph.css',
  'extension/client/media/flow-graph.js',
  'extension/dist/cli.js',
  'extension/dist/cluster.js',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/images/icon.png',
  'extension/package.json',
  'extension/readme.md',
  'extension/syntaxes/netpol-flows.tmLanguage.json',
];

test('the .vsix holds exactly the whitelisted files and is under 2 MB', () => {
  // Its own path: the UI test packages into out/e2e at the same time.
  const vsix = packageVsix(join(REPO_ROOT, 'out', 'package-test', 'netpol-lens.vsix'));
  const list = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual(list.stdout.trim().split('\n').sort(), [...EXPECTED].sort());
  const size = statSync(vsix).size;
  assert.ok(size < 2 * 1024 * 1024, `the .vsix is ${size} bytes`);
});
