// The cluster source costs nothing until it is used: the CLI bundle holds no client-node code and
// loads dist/cluster.js only for a cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';

test('dist/cli.js holds no client-node code; dist/cluster.js does', () => {
  const cli = readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8');
  assert.doesNotMatch(cli, /client-node|ListWatch|KubeConfig/);
  assert.match(readFileSync(join(ROOT, 'dist', 'cluster.js'), 'utf8'), /ListWatch/);
});
