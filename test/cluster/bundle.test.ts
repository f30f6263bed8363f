// The cluster source costs nothing until it is used: the CLI and language server bundles hold no
// client-node code and load dist/cluster.js only for a cluster.
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

test('dist/server.js holds no client-node code: it requires dist/cluster.js only for a context', () => {
  const server = readFileSync(join(ROOT, 'dist', 'server.js'), 'utf8');
  assert.doesNotMatch(server, /client-node|ListWatch|KubeConfig/);
  assert.match(server, /"cluster\.js"/);
});
