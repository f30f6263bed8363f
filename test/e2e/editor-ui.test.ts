// What a person sees: the packaged .vsix installed in a real VS Code (code-server 4.96.4),
// driven through Debian's Chromium. Lenses and a click on one (the explanation view), a hover,
// the status item, a quick fix, the flows beside a manifest, the flow graph (no label on a node),
// the Network Policies view; screenshots go to test-results/, and with UPDATE_SCREENSHOTS=1 also
// to docs/screenshots/ (the README's pictures; review the diff). A negative control runs the lens,
// status, hover and tree checks without the extension and requires each to fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT, launchBrowser, quickOpen, startCodeServer, waitForWorkbench, type Browser, type CodeServer } from './code-server';
import { packageVsix } from './package-vsix';
import { makeWorkspace, type TempWorkspace } from './workspace';

const SHOP = join(REPO_ROOT, 'examples', 'shop');
const results = join(REPO_ROOT, 'test-results');
let ws: TempWorkspace;
let cs: CodeServer;
let browser: Browser;
let page: Page;

before(async () => {
  mkdirSync(results, { recursive: true });
  ws = makeWorkspace(SHOP);
  cs = await startCodeServer({ workspace: ws.workspace, vsix: packageVsix() });
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(cs.workbenchUrl);
  await waitForWorkbench(page);
});

after(async () => {
  await browser?.close();
  await cs?.stop();
  ws?.dispose();
});

/** Saves a screenshot to test-results/, and to docs/screenshots/ when UPDATE_SCREENSHOTS=1. */
async function screenshot(name: string): Promise<void> {
  const path = join(results, `${name}.png`);
  await page.screenshot({ path });
  if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(path, join(REPO_ROOT, 'docs', 'screenshots', `${name}.png`));
}

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

/** Polls until `loc` is fully opaque, inside the viewport, and has kept the same box for two polls. */
async function waitUntilSettled(p: Page, loc: Locator, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const box = await loc.boundingBox();
    const opacity = await loc.evaluate((e) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(e).opacity).catch(() => '0');
    const viewport = p.viewportSize();
    const inside = box && viewport && box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
    const now = JSON.stringify(box);
    if (inside && opacity === '1' && now === last) return;
    last = now;
    if (Date.now() > deadline) throw new Error(`${String(loc)} did not settle within ${timeoutMs} ms (box ${now}, opacity ${opacity})`);
    await p.waitForTimeout(100); // polling the hover's box with a deadline
  }
}

// The checks, shared by the tests and the negative control (which requires each to fail).

/** The code lenses of the active editor once one with `text` is shown. */
async function lensTexts(p: Page, text: string, timeoutMs: number): Promise<string[]> {
  await p.locator('.codelens-decoration', { hasText: text }).first().waitFor({ timeout: timeoutMs });
  return p.locator('.codelens-decoration').allTextContents();
}

/** The text of the hover over the first `kube-dns` once it lists the matched workloads. */
async function selectorHover(p: Page, timeoutMs: number): Promise<string> {
  const word = p.locator('.view-line span', { hasText: /^kube-dns$/ }).first();
  await word.waitFor({ timeout: timeoutMs });
  await word.hover();
  const hover = p.locator('.monaco-hover').filter({ hasText: 'Matches' });
  await hover.waitFor({ timeout: timeoutMs });
  await waitUntilSettled(p, hover, timeoutMs);
  return hover.innerText();
}

/** The status item's text once it shows the counts of the index. */
async function statusText(p: Page, timeoutMs: number): Promise<string> {
  const item = p.locator('.statusbar-item', { hasText: /\d+ policies · \d+ workloads/ }).first();
  await item.waitFor({ timeout: timeoutMs });
  return item.innerText();
}

/** The rows of the Network Policies view once it lists the shop namespace. */
async function treeRows(p: Page, timeoutMs: number): Promise<string[]> {
  // The file list takes the Explorer's height and the tree renders only visible rows:
  // fold the file list so the whole tree fits.
  const files = p.locator('.pane-header', { hasText: /^workspace|^repo/i });
  if ((await files.getAttribute('aria-expanded', { timeout: timeoutMs })) === 'true') await files.click();
  const header = p.locator('.pane-header', { hasText: /network policies/i });
  if ((await header.getAttribute('aria-expanded', { timeout: timeoutMs })) !== 'true') await header.click();
  const rows = p.locator('.pane-body .monaco-list-row');
  await rows.filter({ hasText: 'shop' }).first().waitFor({ timeout: timeoutMs });
  await rows.filter({ hasText: 'in: isolated' }).first().waitFor({ timeout: timeoutMs });
  return rows.allInnerTexts();
}

uiTest('code lens above a policy, and the status item counts the index', async () => {
  await quickOpen(page, 'policies.yaml');
  const texts = await lensTexts(page, 'selects 1 workload', 60_000);
  assert.ok(texts.includes('selects 1 workload in the workspace · ingress: from 1 workload on TCP 5432'), texts.join('\n'));
  assert.match(await statusText(page, 30_000), /5 policies · 6 workloads/);
  await screenshot('lens-policy');
});

uiTest('hover on a selector lists the matched workloads', async () => {
  const text = await selectorHover(page, 20_000);
  assert.match(text, /Matches pods labelled k8s-app=kube-dns in namespace kube-system: in the workspace, 1 workload with 1 pod/);
  assert.match(text, /kube-system\/coredns/);
  await screenshot('hover-selector');
  await page.keyboard.press('Escape');
});

uiTest('code lens above a workload', async () => {
  await quickOpen(page, 'workloads.yaml');
  const texts = await lensTexts(page, 'isolated for ingress', 30_000);
  assert.ok(texts.some((t) => t.startsWith('isolated for ingress by 2 policies · reachable from 1 workload')), texts.join('\n'));
  assert.ok(texts.includes('ingress: not isolated · egress: not isolated'), texts.join('\n'));
  await screenshot('lens-workload');
});

uiTest('apply the deny-all quick fix and read the file back', async () => {
  await quickOpen(page, 'namespaces.yaml');
  const line = page.locator('.view-line', { hasText: 'name: analytics' }).first();
  await line.click();
  await page.keyboard.press('Control+.');
  const wanted = 'Insert a default deny-all policy for ingress and egress in namespace analytics';
  const rows = page.locator('.action-widget .monaco-list-row.action'); // not the group headers
  await rows.filter({ hasText: wanted }).waitFor({ timeout: 20_000 });
  await screenshot('quick-fix');
  const titles = (await rows.allInnerTexts()).map((t) => t.trim());
  const index = titles.findIndex((t) => t.includes(wanted));
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const original = readFileSync(join(SHOP, 'namespaces.yaml'), 'utf8');
  // The cursor goes to the inserted policy's first line (after its `---`), scrolled into view.
  const policyLine = original.split('\n').length + 1;
  await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${policyLine}, Col 1$`) }).waitFor({ timeout: 20_000 });
  await page.keyboard.press('Control+S');
  const file = join(ws.workspace, 'namespaces.yaml');
  const deadline = Date.now() + 20_000;
  let text = readFileSync(file, 'utf8');
  while (text === original && Date.now() < deadline) {
    await page.waitForTimeout(100); // polling the saved file with a deadline
    text = readFileSync(file, 'utf8');
  }
  assert.ok(text.startsWith(original), 'the existing text is kept byte for byte');
  const head = /^---\napiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-all\n  namespace: analytics\n/.source;
  assert.match(text.slice(original.length), new RegExp(head + /spec:\n  podSelector: \{\}\n  policyTypes:\n  {2,4}- Ingress\n  {2,4}- Egress\n$/.source));
});

/** Runs a command of the palette (F1) by its title. */
async function runCommand(p: Page, title: string): Promise<void> {
  await p.keyboard.press('F1');
  const input = p.locator('.quick-input-widget input.input[type=text]');
  await input.fill(`>${title}`);
  await p.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
}

/** Moves the cursor to a line of the active editor (Go to Line), which scrolls it into view. */
async function goToLine(p: Page, line: number): Promise<void> {
  await p.keyboard.press('Control+G');
  await p.locator('.quick-input-widget input.input[type=text]').fill(`:${line}`);
  await p.keyboard.press('Enter');
  await p.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col 1$`) }).waitFor({ timeout: 20_000 });
}

/** The row texts of the quick pick once one with `text` is shown. */
async function pickRows(p: Page, text: string): Promise<string[]> {
  const rows = p.locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
  return rows.allInnerTexts();
}

/** Closes every editor (the views these tests open beside would be found by the next test). */
async function closeAllEditors(p: Page): Promise<void> {
  await p.keyboard.press('Escape');
  await runCommand(p, 'View: Close All Editors');
  await p.locator('.tab').first().waitFor({ state: 'detached', timeout: 20_000 });
}

uiTest('a click on a lens opens one explanation view, titled by the policy, whose links open the manifests', async () => {
  try {
    await explanationChecks();
  } finally {
    await closeAllEditors(page);
  }
});

async function explanationChecks(): Promise<void> {
  await quickOpen(page, 'policies.yaml');
  await goToLine(page, 60); // the lens of shop/database-from-backend sits above line 60
  const lens = page.locator('.codelens-decoration a', { hasText: 'selects 1 workload in the workspace · ingress: from 1 workload on TCP 5432' }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
  await page.locator('.tab', { hasText: 'shop/database-from-backend' }).waitFor({ timeout: 20_000 });
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const link = frame.locator('#explanation a', { hasText: 'shop/database' }).first();
  await link.waitFor({ timeout: 20_000 });
  assert.equal(await frame.locator('#title').innerText(), 'shop/database-from-backend');
  assert.doesNotMatch(await frame.locator('#explanation').innerText(), /\*\*|\]\(/, 'no raw markdown');
  await screenshot('explanation');
  // A link opens the workload's manifest at its line (the StatefulSet starts at line 51).
  await link.click();
  await page.locator('.tab.active[aria-label^="workloads.yaml"]').waitFor({ timeout: 20_000 });
  await page.locator('.statusbar-item', { hasText: /^Ln 51, Col 1$/ }).waitFor({ timeout: 20_000 });
  // Another lens reuses the view: one explanation tab, retitled, and no third editor group.
  await quickOpen(page, 'policies.yaml');
  await goToLine(page, 1);
  const first = page.locator('.codelens-decoration a', { hasText: /^selects/ }).first();
  await first.click();
  await page.locator('.tab', { hasText: 'shop/default-deny' }).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.tab', { hasText: /^shop\// }).count(), 1, 'one explanation tab');
  assert.equal(await page.locator('.editor-group-container').count(), 2, 'the manifests and the view beside');
}

uiTest('Show Allowed Flows: the policy scope only on a policy, a readable tab, every port inside a side column', async () => {
  try {
    await flowsChecks();
  } finally {
    await closeAllEditors(page);
  }
});

async function flowsChecks(): Promise<void> {
  await quickOpen(page, 'workloads.yaml');
  await goToLine(page, 4); // kind: Deployment
  await runCommand(page, 'NetworkPolicy Lens: Show Allowed Flows');
  assert.ok(!(await pickRows(page, 'Workspace')).some((r) => r.includes('Policy ')), 'no policy scope on a Deployment');
  await page.keyboard.press('Escape');
  await quickOpen(page, 'policies.yaml');
  await goToLine(page, 63); // name: database-from-backend
  await runCommand(page, 'NetworkPolicy Lens: Show Allowed Flows');
  await pickRows(page, 'Policy shop/database-from-backend');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Policy shop/database-from-backend' }).first().click();
  await page.locator('.tab.active[aria-label^="shop · database-from-backend.netpol-flows"]').waitFor({ timeout: 20_000 });
  // The whole workspace's flows, beside the manifest: the longest rows wrap instead of losing their ports.
  await page.keyboard.press('Control+1'); // back to the manifest's group
  await page.locator('.tab.active[aria-label="policies.yaml"]').waitFor({ timeout: 20_000 });
  await runCommand(page, 'NetworkPolicy Lens: Show Allowed Flows');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Workspace' }).first().click();
  await page.locator('.tab.active[aria-label^="workspace.netpol-flows"]').waitFor({ timeout: 20_000 });
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.locator('.view-line', { hasText: 'shop/backend' }).first().waitFor({ timeout: 20_000 });
  type Box = { right: number };
  const ends = await editor.evaluate((e) => {
    const host = e as unknown as { getBoundingClientRect(): Box; querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): Box }> };
    const spans = host.querySelectorAll('.view-line span span');
    const rights: number[] = [];
    for (let i = 0; i < spans.length; i++) rights.push(spans[i]!.getBoundingClientRect().right);
    return { editor: host.getBoundingClientRect().right, rights };
  });
  assert.ok(ends.rights.length > 10, 'the flows are shown');
  assert.ok(ends.rights.every((r) => r <= ends.editor), `every piece of text ends inside the editor (${ends.editor}): ${ends.rights.join(', ')}`);
  await screenshot('flows-side');
}

uiTest('the flow graph shows the workloads as nodes', async () => {
  await quickOpen(page, 'policies.yaml');
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
  const fit = await frame.locator('svg').evaluate((svg) =>
    ({ right: (svg as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect().right,
    width: (globalThis as unknown as { innerWidth: number }).innerWidth }));
  assert.ok(fit.right <= fit.width + 1, `the graph (right edge ${fit.right}) fits its panel (${fit.width} px)`);
  const drawn = await frame.locator('.edge-label, .node-name, .node-kind').evaluateAll((els) =>
    els.map((e) => (e as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect().right));
  assert.ok(drawn.every((r) => r <= fit.right + 1), `every label ends inside the drawing (${fit.right}): ${drawn.join(', ')}`);
  const labels = await frame.locator('.edge-label').evaluateAll((els) =>
    els.map((e) => (e as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect()).map((r) =>
    ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })));
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i]!, b = labels[j]!;
      assert.ok(a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5,
        `edge labels ${i} and ${j} overlap: ${JSON.stringify([a, b])}`);
    }
  }
  // Nor does any label cover a node or a namespace's title.
  const others = await frame.locator('.node rect, .ns-title').evaluateAll((els) => els
    .map((e) => (e as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect())
    .map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })));
  assert.ok(others.length >= 11, 'six nodes and five namespace titles');
  for (const [i, a] of labels.entries()) {
    for (const b of others) {
      assert.ok(a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5,
        `edge label ${i} covers a node or title: ${JSON.stringify([a, b])}`);
    }
  }
  await screenshot('flow-graph');
  // A click on a node opens the workload's manifest.
  await frame.locator('[data-workload="shop/database"]').click();
  await page.locator('.tab.active[aria-label^="workloads.yaml"]').waitFor({ timeout: 20_000 });
});

uiTest('the Network Policies view lists namespaces and workloads', async () => {
  const texts = await treeRows(page, 20_000);
  assert.ok(texts.some((t) => t.includes('database') && t.includes('in: isolated')), texts.join(' | '));
  await screenshot('tree');
});

test('negative control: without the extension the same checks fail', async () => {
  const bareWs = makeWorkspace(SHOP);
  const bare = await startCodeServer({ workspace: bareWs.workspace });
  const b = await launchBrowser();
  const short = 5_000; // the checks above pass within this on a warm server; here they must time out
  try {
    await b.page.goto(bare.workbenchUrl);
    await waitForWorkbench(b.page);
    await quickOpen(b.page, 'policies.yaml');
    await b.page.locator('.view-line', { hasText: 'default-deny' }).first().waitFor();
    await assert.rejects(lensTexts(b.page, 'selects 1 workload', short), 'no code lens');
    await assert.rejects(statusText(b.page, short), 'no status item');
    await assert.rejects(selectorHover(b.page, short), 'no hover listing workloads');
    await b.page.keyboard.press('Escape');
    await assert.rejects(treeRows(b.page, short), 'no Network Policies view');
  } finally {
    await b.close();
    await bare.stop();
    bareWs.dispose();
  }
});
