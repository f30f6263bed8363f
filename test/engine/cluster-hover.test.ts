// Hovers on cluster policy rules: action, tier and priority in one sentence, whole text compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols, hoverAt, Workspace } from '../../server/src/engine/index';
import { snapshotOf } from '../helpers/fixtures';

/** The hover at `|` in a one-file workspace. */
function hover(input: string): string {
  const ws = new Workspace();
  const offset = input.indexOf('|');
  const facts = ws.setFile('c.yaml', input.slice(0, offset) + input.slice(offset + 1), { keepObjects: true });
  return hoverAt(ws.snapshot(), facts.objects ?? [], offset, (_f, _o, text) => text)?.markdown ?? '';
}

const cnp = (tier: string, rules: string) => 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: tenant}\n'
  + `spec:\n  tier: ${tier}\n  priority: 10\n  subject: {namespaces: {}}\n${rules}`;

test('hover on an Admin Pass rule: the rest of the tier is skipped, the NetworkPolicies decide', () => {
  assert.equal(hover(cnp('Admin', '  ingress:\n    - {action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 1}}}]}\n'
    + '    - action: Pa|ss\n      from: [{namespaces: {}}]\n')),
  '**Passes** matching traffic into the subject pods (ingress[1] of cnp/tenant, Admin tier, priority 10): the rest of the Admin tier is skipped '
    + 'and the NetworkPolicies selecting the pod decide (else the Baseline tier).');
});

test('hover on a Baseline Deny rule: only where no Admin rule or NetworkPolicy decided', () => {
  assert.equal(hover(cnp('Baseline', '  egress:\n    - action: Deny\n      to: [{networks: [|10.0.0.0/8]}]\n')),
    '**Denies** matching traffic from the subject pods (egress[0] of cnp/tenant, Baseline tier, priority 10) unless an Admin rule or a NetworkPolicy '
    + 'selecting the pod decided first: nothing after it is consulted; earlier rules and lower priority numbers come first.');
});

test('hover on a v1alpha1 Allow rule says it is read as Accept, and a broken Accept matches nothing', () => {
  const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 3\n'
    + '  subject: {namespaces: {}}\n'
    + '  egress:\n    - action: All|ow\n      to: [{namespaces: {}}]\n    - action: Allow\n      to: []\n';
  assert.equal(hover(anp), '**Accepts** matching traffic from the subject pods (written `Allow`) (egress[0] of anp/a, Admin tier, priority 3): '
    + 'no NetworkPolicy or Baseline rule is consulted; earlier rules and lower priority numbers come first.');
  const at = anp.lastIndexOf('to: []');
  assert.equal(hover(anp.replace('|', '').slice(0, at - 1) + '|' + anp.replace('|', '').slice(at - 1)),
    '**Matches nothing** (egress[1] of anp/a, Admin tier, priority 3): a part of this Accept rule is invalid, and it fails closed.');
});

test('outside the rules a cluster policy has no rule hover', () => {
  assert.equal(hover(cnp('Admin', '  ingress: []\n').replace('priority: 10', 'prio|rity: 10')), '');
});

test('the outline lists a cluster policy with its tier, priority and rules', () => {
  const text = cnp('Admin',
      '  ingress:\n    - {name: from-all, action: Pass, from: [{namespaces: {}}]}\n  egress:\n    - {action: Deny, to: [{namespaces: {}}]}\n');
  const symbols = documentSymbols(snapshotOf({ 'c.yaml': text }), 'c.yaml');
  assert.deepEqual(symbols.map((x) => [x.name, x.detail, x.kind, text.slice(x.selection.start, x.selection.end),
      x.children.map((c) => `${c.name} ${c.detail}`)]),
    [['cnp/tenant', 'Admin tier, priority 10', 'policy', 'tenant', ['ingress[0] Pass "from-all"', 'egress[0] Deny']]]);
});
