// The explanation view's HTML (client/src/markdown-html.ts): what the server's markdown becomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownHtml, parseTarget } from '../../client/src/markdown-html';

test('an explanation: bold, links with their targets, nested lists, escaped text', () => {
  const md = [
    '**NetworkPolicy shop/db**: selects 1 workload',
    '',
    '- StatefulSet [shop/database](file:///w/workloads.yaml#L51)',
    '',
    '**Ingress** (isolated)',
    '- ingress[0]: Allows TCP 5432 from `app=<b>`',
    '  - Deployment [shop/backend](file:///w/workloads.yaml#L26)',
    '- egress[0]: nothing',
  ].join('\n');
  assert.equal(markdownHtml(md), [
    '<p><strong>NetworkPolicy shop/db</strong>: selects 1 workload</p>',
    '<ul><li>StatefulSet <a href="#" data-href="file:///w/workloads.yaml#L51" title="workloads.yaml:51">shop/database</a></li></ul>',
    '<p><strong>Ingress</strong> (isolated)</p>',
    '<ul><li>ingress[0]: Allows TCP 5432 from <code>app=&lt;b&gt;</code>',
    '<ul><li>Deployment <a href="#" data-href="file:///w/workloads.yaml#L26" title="workloads.yaml:26">shop/backend</a>',
    '</li></ul></li><li>egress[0]: nothing</li></ul>',
  ].join(''));
});

test('a link target: the URI and the 0-based line', () => {
  assert.deepEqual(parseTarget('file:///w/p.yaml#L12'), { uri: 'file:///w/p.yaml', line: 11 });
  assert.deepEqual(parseTarget('file:///w/p.yaml'), { uri: 'file:///w/p.yaml', line: 0 });
});
