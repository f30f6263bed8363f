// `npm start`: builds the .vsix, installs it into a private code-server (VS Code 1.96.4 in the
// browser, installed into .e2e/ on first use), opens the example workspace and prints the URL.
// Runs in the foreground until Ctrl+C; everything it starts stops with it.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const e2e = resolve(root, '.e2e');
const codeServer = resolve(e2e, 'code-server', 'node_modules', '.bin', 'code-server');
// The install script writes this marker last: a binary alone may be a half-finished install.
const installed = resolve(e2e, 'code-server', '.installed-4.96.4');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) { console.error(`npm start: ${cmd} ${args.join(' ')} failed`); process.exit(r.status ?? 1); }
}

if (!existsSync(installed)) run('bash', [resolve(root, 'scripts', 'install-test-tools.sh'), '--code-server-only']);
run('npm', ['run', 'package', '--silent']);
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const vsix = resolve(root, `netpol-lens-${version}.vsix`);

// A private profile: nothing of the user's VS Code or home directory is touched.
const home = resolve(e2e, 'start');
rmSync(home, { recursive: true, force: true });
const userData = resolve(home, 'user-data');
const extensions = resolve(home, 'extensions');
const workspace = resolve(home, 'shop');
mkdirSync(resolve(userData, 'User'), { recursive: true });
cpSync(resolve(root, 'examples', 'shop'), workspace, { recursive: true });
// A repository with one commit, so that Compare Flows with HEAD shows what an edit changes.
for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-qm', 'The example shop']]) {
  run('git', ['-c', 'user.name=NetworkPolicy Lens', '-c', 'user.email=demo@netpol-lens.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: workspace });
}
writeFileSync(resolve(userData, 'User', 'settings.json'),
  JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false, 'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never' }, null, 2));
const env = { ...process.env, HOME: home, XDG_DATA_HOME: resolve(home, 'data'), XDG_CONFIG_HOME: resolve(home, 'config'),
  EXTENSIONS_GALLERY: '{"serviceUrl":""}' };
const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];
run(codeServer, [...dirs, '--install-extension', vsix], { env });

const server = spawn(codeServer, ['--auth', 'none', '--bind-addr', `${host}:${port}`, '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--disable-getting-started-override', ...dirs, workspace], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let announced = false;
const announce = (chunk) => {
  if (!announced && /HTTP server listening/.test(String(chunk))) {
    announced = true;
    console.log(`\nNetworkPolicy Lens is running in VS Code ${'1.96.4'} (code-server):\n\n  http://${host}:${port}/?folder=${encodeURIComponent(workspace)}\n` +
      `\nOpen policies.yaml or workloads.yaml. Press Ctrl+C to stop.\n`);
  }
};
server.stdout.on('data', announce);
server.stderr.on('data', announce);
const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ } process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => { console.error(`code-server exited (${code})`); process.exit(code ?? 1); });
