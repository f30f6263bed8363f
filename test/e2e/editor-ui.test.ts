// What a person sees: the packaged .vsix installed in a real VS Code (code-server 4.96.4),
// driven through Debian's Chromium. Lenses, a hover, a quick fix, the flow graph; screenshots
// go to test-results/. A negative control without the extension proves the checks can fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../helpers/fixtures';
import { launchBrowser, openFile, packageVsix, startCodeServer, type CodeServer } from '../helpers/code-server';

const results = join(ROOT, 'test-results');
let cs: CodeServer;
let context: BrowserContext;
let page: Page;

before(async () => {
  mkdirSync(results, { recursive: true });
  cs = await startCodeServer(join(ROOT, 'examples', 'shop'), packageVsix());
  ({ context, page } = await launchBrowser());
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(cs.workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
});

after(async () => {
  await context?.close();
  await cs?.stop();
});

/** A test that saves a screenshot of the failure before rethrowing. */
function uiTest(name: string, fn: () => Promise<void>): void {
  test(name, async () => {
    try {
      await page.keyboard.press('Escape'); // close whatever a previous step left open
      await fn();
    } catch (e) {
      await page?.screenshot({ path: join(results, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => undefined);
      throw e;
    }
  });
}

async function lensTexts(): Promise<string[]> {
  await page.locator('.codelens-decoration').first().waitFor({ timeout: 60_000 });
  return page.locator('.codelens-decoration').allTextContents();
}

uiTest('code lens above a policy', async () => {
  await openFile(page, 'policies.yaml');
  const texts = await lensTexts();
  assert.ok(texts.includes('selects 1 workload · ingress: from 1 workload on TCP 5432'), texts.join('\n'));
  await page.screenshot({ path: join(results, 'lens-policy.png') });
});

uiTest('hover on a selector lists the matched workloads', async () => {
  const word = page.locator('.view-line span', { hasText: /^kube-dns$/ }).first();
  await word.waitFor();
  await word.hover();
  const hover = page.locator('.monaco-hover').filter({ hasText: 'Matches' });
  await hover.waitFor({ timeout: 20_000 });
  const text = await hover.innerText();
  assert.match(text, /Matches 1 workload: pods labelled k8s-app=kube-dns in namespace kube-system/);
  assert.match(text, /kube-system\/coredns/);
  await page.screenshot({ path: join(results, 'hover-selector.png') });
  await page.keyboard.press('Escape');
});

uiTest('code lens above a workload', async () => {
  await openFile(page, 'workloads.yaml');
  await page.locator('.codelens-decoration', { hasText: 'isolated for ingress' }).first().waitFor({ timeout: 30_000 });
  const texts = await lensTexts();
  assert.ok(texts.some((t) => t.startsWith('isolated for ingress by 2 policies · reachable from 1 workload')), texts.join('\n'));
  assert.ok(texts.includes('not isolated: any pod can reach it · egress: not isolated'), texts.join('\n'));
  await page.screenshot({ path: join(results, 'lens-workload.png') });
});

uiTest('apply the deny-all quick fix and read the file back', async () => {
  await openFile(page, 'namespaces.yaml');
  const line = page.locator('.view-line', { hasText: 'name: analytics' }).first();
  await line.click();
  await page.keyboard.press('Control+.');
  const wanted = 'Insert a default deny-all policy for ingress and egress in namespace analytics';
  const rows = page.locator('.action-widget .monaco-list-row.action'); // not the group headers
  await rows.filter({ hasText: wanted }).waitFor({ timeout: 20_000 });
  await page.screenshot({ path: join(results, 'quick-fix.png') });
  const titles = (await rows.allInnerTexts()).map((t) => t.trim());
  const index = titles.findIndex((t) => t.includes(wanted));
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+S');
  const file = join(cs.workspace, 'namespaces.yaml');
  const original = readFileSync(join(ROOT, 'examples', 'shop', 'namespaces.yaml'), 'utf8');
  const deadline = Date.now() + 20_000;
  let text = readFileSync(file, 'utf8');
  while (text === original && Date.now() < deadline) {
    await page.waitForTimeout(100); // polling the saved file with a deadline
    text = readFileSync(file, 'utf8');
  }
  assert.ok(text.startsWith(original), 'the existing text is kept byte for byte');
  assert.match(text.slice(original.length), /^---\napiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-all\n  namespace: analytics\nspec:\n  podSelector: \{\}\n  policyTypes:\n  {2,4}- Ingress\n  {2,4}- Egress\n$/);
});

uiTest('the flow graph shows the workloads as nodes', async () => {
  await openFile(page, 'policies.yaml');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input[type=text]');
  await input.fill('>NetworkPolicy Lens: Show Flow Graph');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Flow Graph' }).first().click();
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await frame.locator('[data-workload]').first().waitFor({ timeout: 30_000 });
  const nodes = await frame.locator('[data-workload]').evaluateAll((els) => els.map((e) => e.getAttribute('data-workload')));
  assert.deepEqual([...nodes].sort(), ['analytics/analytics', 'kube-system/coredns', 'logging/logging', 'shop/backend', 'shop/database', 'web/frontend']);
  assert.ok(await frame.locator('.edge.blocked').count() >= 2, 'analytics and logging are drawn as blocked');
  // The drawing fits the panel (five namespace columns are wider than half the window) and no
  // two edge labels overlap. Loosely typed: the tests compile without the DOM lib.
  type Box = { left: number; right: number; top: number; bottom: number };
  const fit = await frame.locator('svg').evaluate((svg) => ({ right: (svg as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect().right, width: (globalThis as unknown as { innerWidth: number }).innerWidth }));
  assert.ok(fit.right <= fit.width + 1, `the graph (right edge ${fit.right}) fits its panel (${fit.width} px)`);
  const labels = await frame.locator('.edge-label').evaluateAll((els) => els.map((e) => (e as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })));
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i]!, b = labels[j]!;
      assert.ok(a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5, `edge labels ${i} and ${j} overlap: ${JSON.stringify([a, b])}`);
    }
  }
  await page.screenshot({ path: join(results, 'flow-graph.png') });
  // A click on a node opens the workload's manifest.
  await frame.locator('[data-workload="shop/database"]').click();
  await page.locator('.tab.active[aria-label^="workloads.yaml"]').waitFor({ timeout: 20_000 });
});

uiTest('the Network Policies view lists namespaces and workloads', async () => {
  // The file list takes the Explorer's height and the tree renders only visible rows:
  // fold the file list so the whole tree fits.
  const files = page.locator('.pane-header', { hasText: /^workspace/i });
  if ((await files.getAttribute('aria-expanded')) === 'true') await files.click();
  const header = page.locator('.pane-header', { hasText: /network policies/i });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const rows = page.locator('.pane-body .monaco-list-row');
  await rows.filter({ hasText: 'shop' }).first().waitFor({ timeout: 20_000 });
  const texts = await rows.allInnerTexts();
  assert.ok(texts.some((t) => t.includes('database') && t.includes('in: isolated')), texts.join(' | '));
  await page.screenshot({ path: join(results, 'tree.png') });
});

test('negative control: without the extension the same checks fail', async () => {
  const bare = await startCodeServer(join(ROOT, 'examples', 'shop'), undefined);
  const b = await launchBrowser();
  try {
    await b.page.goto(`${bare.url}/?folder=${encodeURIComponent(bare.workspace)}`);
    await b.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await openFile(b.page, 'policies.yaml');
    await b.page.locator('.view-line', { hasText: 'default-deny' }).first().waitFor();
    assert.equal(await b.page.locator('.pane-header', { hasText: /network policies/i }).count(), 0, 'no Network Policies view');
    assert.equal(await b.page.locator('.statusbar-item', { hasText: 'policies' }).count(), 0, 'no status item');
    assert.equal(await b.page.locator('.codelens-decoration').count(), 0, 'no lenses');
  } finally {
    await b.context.close();
    await bare.stop();
  }
});
