// The deny-all policy text the client writes when no code action applies (client/src/deny-all-template.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { denyAllYaml } from '../../client/src/deny-all-template';

test('a deny-all policy per direction set, selecting every pod of the namespace', () => {
  assert.deepEqual(parse(denyAllYaml('web', 'ingress and egress')), {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: { name: 'default-deny-all', namespace: 'web' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  assert.deepEqual(parse(denyAllYaml('shop', 'egress')).spec, { podSelector: {}, policyTypes: ['Egress'] });
  assert.equal(parse(denyAllYaml('shop', 'ingress')).metadata.name, 'default-deny-ingress');
});
