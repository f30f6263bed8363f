// Compare Flows with HEAD decodes committed files as the server decodes files on disk, so a
// UTF-16 or BOM-marked file reads the same on both sides of the comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeFileText } from '../../client/src/file-text';
import { decodeManifest } from '../../server/src/workspace/manifest-text';
import { fixture } from '../helpers/fixtures';

test('the client decodes UTF-8, UTF-8 with a BOM, UTF-16LE and UTF-16BE as the server does', () => {
  const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: café ☕}\n';
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le);
  for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1]!, be[i]!];
  const cases = {
    utf8: Buffer.from(text),
    bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    le: Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
    be: Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    assert.equal(decodeFileText(bytes), text, name);
    assert.equal(decodeManifest(bytes), text, name);
  }
  const fx = readFileSync(fixture('kubectl-reads', 'accepted', 'utf16le.yaml'));
  assert.equal(decodeFileText(fx), decodeManifest(fx));
  assert.match(decodeFileText(fx), /name: deny-all/);
});
