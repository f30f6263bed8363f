// Files kubectl reads that strict YAML rejects are read, as kubectl reads them, with exact spans;
// what kubectl rejects too stays a `yaml-syntax` error. Fixtures: test/fixtures/kubectl-reads/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_FILE_SIZE, parseManifests, Workspace, computeFlows, flowsToJson, type ManifestObject } from '../../server/src/engine/index';
import { fixture } from '../helpers/fixtures';

const read = (...p: string[]) => readFileSync(fixture('kubectl-reads', ...p), 'utf8');
const json = (o: ManifestObject) => o.node.toJSON() as { metadata: { name: string; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
/** The text a node of an object spans (the path is a list of keys). */
function textAt(text: string, o: ManifestObject, ...path: string[]): string {
  let n: unknown = o.node;
  for (const k of path) n = (n as { get(k: string, keep: true): unknown }).get(k, true);
  const s = o.src.span(n as never);
  return text.slice(s.start, s.end);
}

test('quoted scalars continued at their key\'s indent are folded as kubectl folds them', () => {
  const text = read('accepted', 'quoted-continuation.yaml');
  const r = parseManifests('q.yaml', text);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.objects.map((o) => o.name), ['db-from-api', 'db']);
  // The values `kubectl label --local -f ... -o json` prints for this file.
  assert.deepEqual(json(r.objects[0]!).metadata.annotations, {
    description: 'Only the api reaches the database; added after the incident of 2026-03, see the runbook',
    owner: 'team data, on call',
  });
  assert.equal(json(r.objects[1]!).metadata.annotations!.summary, 'the database,\nkept here');
  // Every other node keeps its exact offsets in the original text.
  assert.equal(textAt(text, r.objects[0]!, 'spec', 'podSelector'), 'matchLabels:\n      app: db');
  assert.equal(textAt(text, r.objects[0]!, 'metadata', 'annotations', 'owner'), '"team data,\n    on call"');
  assert.equal(textAt(text, r.objects[1]!, 'spec', 'selector'), '{matchLabels: {app: db}}');
  assert.equal(r.objects[1]!.span.start, text.indexOf('apiVersion: apps/v1'));
});

test('a folded policy is analyzed: its rule allows api -> db', () => {
  const ws = new Workspace();
  ws.setFile('q.yaml', read('accepted', 'quoted-continuation.yaml'));
  ws.setFile('s.json', read('accepted', 'stream.json'));
  const s = ws.snapshot();
  const flows = flowsToJson(s, computeFlows(s)).flows.map((f) => JSON.stringify(f));
  assert.ok(flows.includes(JSON.stringify({ from: { workload: 'shop/api', kind: 'Deployment' }, to: { workload: 'shop/db', kind: 'Deployment' },
    allowed: [{ protocol: 'TCP', ports: [[5432, 5432]] }] })), flows.join('\n'));
});

test('what kubectl rejects stays a yaml-syntax error: plain scalar continued at the key, quoted key over lines, unclosed quote', () => {
  for (const name of ['plain-continuation.yaml', 'quoted-key.yaml', 'unclosed-quote.yaml']) {
    const r = parseManifests(name, read('rejected', name));
    assert.deepEqual(r.objects, [], name);
    assert.ok(r.findings.length > 0 && r.findings.every((f) => f.id === 'yaml-syntax'), `${name}: ${JSON.stringify(r.findings)}`);
  }
});

test('a fold keeps offsets: a later syntax error is reported where it is, and CRLF lines fold too', () => {
  const head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    a: 'one\n    two'\n";
  const broken = `${head}data: {x: 1\n`;
  const r = parseManifests('b.yaml', broken);
  assert.deepEqual(r.findings.map((f) => f.id), ['yaml-syntax']);
  assert.ok(r.findings[0]!.span.start >= head.length, 'the error is in the broken flow map, not at the folded scalar');
  const crlf = parseManifests('c.yaml', head.replace(/\n/g, '\r\n'));
  assert.deepEqual(crlf.findings, []);
  assert.equal(json(crlf.objects[0]!).metadata.annotations!.a, 'one two');
});

test('hundreds of folded scalars in one section are all read, and a bad one among them keeps the error', () => {
  const item = (i: number) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c${i}\n    annotations:\n      a: 'one ${i}\n      two'\n` +
    `      b: "three\n      four"\n`;
  const list = `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: 300 }, (_, i) => item(i)).join('')}`;
  const r = parseManifests('l.yaml', list);
  assert.deepEqual(r.findings, []);
  assert.equal(r.objects.length, 300);
  assert.deepEqual(json(r.objects[299]!).metadata.annotations, { a: 'one 299 two', b: 'three four' });
  const bad = parseManifests('l.yaml', `${list}- 'never closed\n`);
  assert.deepEqual(bad.objects, []);
  assert.deepEqual([...new Set(bad.findings.map((f) => f.id))], ['yaml-syntax']);
});

test('a stream of JSON objects is read object by object, each with its exact span', () => {
  const text = read('accepted', 'stream.json');
  const r = parseManifests('s.json', text);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.objects.map((o) => `${o.kind}/${o.name}`), ['Deployment/api', 'NetworkPolicy/api-to-db', 'Namespace/shop']);
  const starts = [0, text.indexOf('{"apiVersion": "networking'), text.indexOf('{"apiVersion": "v1"')];
  assert.deepEqual(r.objects.map((o) => o.span.start), starts);
  for (const o of r.objects) assert.equal(text[o.span.end - 1], '}');
  assert.equal(textAt(text, r.objects[1]!, 'spec', 'podSelector'), '{"matchLabels": {"app": "api"}}');
  assert.equal(json(r.objects[2]!).metadata.annotations!.note, '}{ in a string');
  // Two objects on one line, no space between.
  const ns = (name: string) => `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"${name}"}}`;
  const two = parseManifests('t.json', ns('a') + ns('b'));
  assert.deepEqual(two.objects.map((o) => [o.name, o.span.start, o.span.end]), [['a', 0, ns('a').length], ['b', ns('a').length, 2 * ns('a').length]]);
});

test('a stream that is not all JSON stays a syntax error (kubectl: "invalid character \',\'")', () => {
  const r = parseManifests('c.json', read('rejected', 'comma-stream.json'));
  assert.deepEqual(r.objects, []);
  assert.deepEqual([...new Set(r.findings.map((f) => f.id))], ['yaml-syntax']);
});

test('an install bundle of 2 MB is read by default; over the default limit, the file is reported', () => {
  const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  x: "${'x'.repeat(1000)}"\n`;
  const docs: string[] = [];
  for (let i = 0, size = 0; size < 2_000_000; i++) { docs.push(doc(i)); size += docs[i]!.length + 4; }
  const bundle = docs.join('---\n');
  const r = parseManifests('install.yaml', bundle);
  assert.deepEqual(r.findings, []);
  assert.equal(r.objects.length, docs.length);
  assert.ok(DEFAULT_MAX_FILE_SIZE >= 8 * 1024 * 1024);
  const big = parseManifests('big.yaml', `# ${'x'.repeat(DEFAULT_MAX_FILE_SIZE)}\n`);
  assert.deepEqual(big.findings.map((f) => f.id), ['file-too-large']);
});
