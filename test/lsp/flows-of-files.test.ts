// `netpolLens/flowsOfFiles` through the real server: given every file of a commit, it reads
// only those the workspace index would read (the client filters nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lsp-client';

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}\n`;

test('only files the index would read count: extension, node_modules and .git, excludes, templates, the folder', async () => {
  const c = await LspClient.start(undefined, { settings: { exclude: ['ignored/**', '*.skip.yaml'] } });
  try {
    // A folder whose name needs escaping in a URI: globs match the decoded relative path.
    const folder = 'file:///work%20space/repo/';
    const file = (path: string, text: string, under = folder) => ({ uri: `${under}${path}`, text, folder: under.replace(/\/$/, '') });
    const files = [
      file('a.yaml', pod('a')),
      file('deep/b.yml', pod('b')),
      file('c.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c', namespace: 'shop', labels: { app: 'c' } } })),
      file('README.md', pod('readme')),
      file('node_modules/pkg/d.yaml', pod('d')),
      file('.git/e.yaml', pod('e')),
      file('ignored/f.yaml', pod('f')),
      file('deep/g.skip.yaml', pod('g')),
      file('chart/templates/h.yaml', `${pod('h')}  annotations: {v: "{{ .Values.x }}"}\n`),
      { uri: 'file:///elsewhere/i.yaml', text: pod('i'), folder: 'file:///work%20space/repo' },
      { uri: 'untitled:j.yaml', text: pod('j'), folder: 'file:///work%20space/repo' },
    ];
    const { text } = await c.request<{ text: string }>('netpolLens/flowsOfFiles', { files });
    const seen = [...new Set([...text.matchAll(/shop\/(\w+) \(Pod\)/g)].map((m) => m[1]))].sort();
    assert.deepEqual(seen, ['a', 'b', 'c'], text);
  } finally {
    await c.stop();
  }
});
