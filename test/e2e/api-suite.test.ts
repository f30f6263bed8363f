// The API suite (test/vscode/suite.ts) inside code-server's real extension host, loaded as an
// extension test the way test-electron would; its exit code comes back through the page.
// The workspace is examples/shop one folder below a git repository's root, with a committed
// file outside it and one inside that `netpolLens.exclude` skips (Compare Flows with HEAD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, launchBrowser, startCodeServer, type Browser, type CodeServer } from './code-server';
import { makeWorkspace } from './workspace';
import { k8sTool } from '../helpers/k8s-tools';

/** How many tests test/vscode/suite.ts holds; a test removed by mistake fails this file. */
const SUITE_TESTS = 17;

/** A chart whose template renders a policy with a port out of range (from values.yaml), rendered by the real helm of `npm run test:setup`. */
const chart = {
  'charts/demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
  'charts/demo/values.yaml': 'port: 70000\n',
  'charts/demo/templates/np.yaml': [
    'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: {{ .Release.Name }}-web', 'spec:',
    '  podSelector: {}', '  ingress:', '    - ports:', '        - port: {{ .Values.port }}', '',
  ].join('\n'),
};

/** A deny-all policy in namespace web: it would close every flow into and out of the frontend. */
const denyWeb = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: web\nspec:\n` +
  `  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;

test('the VS Code API suite passes in code-server', { timeout: 300_000 }, async () => {
  const built = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), '--vscode-suite'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const ws = makeWorkspace(join(REPO_ROOT, 'examples', 'shop'), {
    git: 'subfolder',
    files: { 'ignored/deny-web.yaml': denyWeb('excluded-deny-web'), '../outside/deny-web.yaml': denyWeb('outside-deny-web'), ...chart },
  });
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const log: string[] = [];
  try {
    cs = await startCodeServer({
      workspace: ws.workspace,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(REPO_ROOT, 'out', 'vscode', 'suite.js'),
      settings: { 'netpolLens.exclude': ['ignored/**'] },
      // helmPath is machine-overridable: a remote window reads it from the machine's settings.
      machineSettings: { 'netpolLens.helmPath': k8sTool('helm') },
    });
    browser = await launchBrowser();
    const { page } = browser;
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => log.push(`${type}: ${(args ?? []).map(String).join(' ')}`));
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the suite did not finish in 240 s\n${log.filter((l) => /ok - |# start|Error|error/.test(l)).join('\n')}`)),
        240_000);
    });
    await page.goto(cs.workbenchUrl);
    const code = await Promise.race([exit, timeout]);
    const report = log.filter((l) => /ok - |# \d+\/\d+ passed/.test(l)).join('\n');
    assert.equal(code, 0, `API suite failed:\n${log.join('\n')}`);
    assert.match(report, new RegExp(`# ${SUITE_TESTS}/${SUITE_TESTS} passed`), log.join('\n'));
  } finally {
    clearTimeout(timer); // a pending timer would keep this test file's process alive
    await browser?.close();
    await cs?.stop();
    ws.dispose();
  }
});
