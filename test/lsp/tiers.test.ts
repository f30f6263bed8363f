// Cluster policy tiers through the real server: Explain Connection shows the chain of tiers, a
// hover on a rule gives its action, tier and priority, and a workload's lens counts through the tiers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { CodeLens, Hover } from 'vscode-languageserver-protocol';
import { fixture } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

const dir = fixture('conformance-cnp', 'cnp-10b-admin-integration-ingress-pass');
const slytherin = 'network-policy-conformance-slytherin/draco-malfoy-0';
const gryffindor = 'network-policy-conformance-gryffindor/harry-potter-0';

test('explain request, rule hover and workload lens with cluster policies', async () => {
  const c = await LspClient.start(dir);
  try {
    const explain = (from: string, to: string, port?: string) => c.request<{ allowed: boolean; markdown: string }>('netpolLens/explain', { from, to, port });
    const denied = await explain(gryffindor, slytherin, '80');
    assert.equal(denied.allowed, false, denied.markdown);
    assert.ok(denied.markdown.includes(`- Egress of ${gryffindor}: Admin tier: cnp/pass-example priority 10 egress[0] "deny-all-egress-to-slytherin" Deny `
      + `(TCP 80) → denied`),
      denied.markdown);
    assert.match(denied.markdown, /\n {2}- Admin tier: cnp\/pass-example .* Deny \(TCP 80\) \(\[manifests\.yaml:\d+\]\(.*manifests\.yaml#L\d+\)\)/);
    const allowed = await explain(slytherin, gryffindor, '80');
    assert.equal(allowed.allowed, true, allowed.markdown);
    assert.ok(allowed.markdown.includes('Pass (TCP 80) → NetworkPolicy: network-policy-conformance-gryffindor/allow-gress-from-to-slytherin-to-gryffindor '
      + 'allows (TCP 80) → allowed'),
      allowed.markdown);

    const path = join(dir, 'manifests.yaml');
    const text = readFileSync(path, 'utf8');
    await c.open(uriOf(path), text);
    const at = (needle: string) => {
      const offset = text.indexOf(needle);
      const before = text.slice(0, offset).split('\n');
      return { line: before.length - 1, character: before[before.length - 1]!.length + 2 };
    };
    const hover = await c.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(path) }, position: at('action: Pass') });
    const md = (hover.contents as { value: string }).value;
    assert.equal(md,
        '**Passes** matching traffic into the subject pods (ingress[0] of cnp/pass-example, Admin tier, priority 10): the rest of the Admin tier is skipped '
      + 'and the NetworkPolicies selecting the pod decide (else the Baseline tier).');
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(path) } });
    const titles = lenses.map((l) => l.command?.title ?? '');
    // harry-potter-0 is reached only from slytherin (Admin Pass, then its NetworkPolicy), and reaches nothing (Admin Deny, then its NetworkPolicy).
    const harry = 'reachable from 2 workloads · reaches 0 workloads · Admin tier: 1 policy · NetworkPolicies: ingress 1, egress 1 · '
      + 'Baseline tier: 1 policy';
    assert.ok(titles.includes(harry),
      titles.join('\n'));
  } finally {
    await c.stop();
  }
});
