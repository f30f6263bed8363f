// `netpol-lens diff` as a user runs it: the markdown comment as a whole-output golden file
// (UPDATE_EXPECT=1 rewrites it), JSON and text, --exit-code, and --base against a real git repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../helpers/fixtures';
import { runCli } from '../helpers/run-cli';

const BASE = 'test/fixtures/diff/base';
const MIXED = 'test/fixtures/diff/mixed';

test('diff --format md is the pull-request comment of the golden file', () => {
  const r = runCli(['diff', '--format', 'md', BASE, MIXED]);
  assert.equal(r.code, 0, r.stderr);
  const golden = fixture('diff-expected', 'mixed.md');
  if (process.env.UPDATE_EXPECT) writeFileSync(golden, r.stdout);
  assert.equal(r.stdout, readFileSync(golden, 'utf8'));
});

test('diff --format md with no change says so in one line', () => {
  const r = runCli(['diff', '--format', 'md', BASE, BASE]);
  assert.equal(r.stdout, '**NetworkPolicy Lens**: no flow or workload changed.\n');
});

test('diff --format json is the engine diff of the expected file; text groups opened, closed and changed', () => {
  const r = runCli(['diff', '--format', 'json', BASE, MIXED]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), JSON.parse(readFileSync(fixture('diff-expected', 'mixed.json'), 'utf8')));
  assert.equal(r.stdout, JSON.stringify(JSON.parse(r.stdout), null, 2) + '\n', 'formatted as JSON.stringify(x, null, 2)');
  const text = runCli(['diff', BASE, MIXED]).stdout;
  assert.deepEqual(text.split('\n').filter((l) => !l.startsWith('  ')), [
    'Opened (5):', 'Closed (3):', 'Changed (1):',
    'Workloads added (2): shop/cache (Deployment), shop/database (StatefulSet)', 'Workloads removed (1): shop/db (StatefulSet)', '',
  ]);
  assert.match(text, /^ {2}shop\/web \(Deployment\) +-> {2}shop\/api \(Deployment\) +TCP 8080 {2}=> {2}TCP 8080, 9090$/m);
});

test('diff --exit-code exits 1 on a change and 0 without; usage errors exit 2', () => {
  assert.equal(runCli(['diff', '--exit-code', BASE, 'test/fixtures/diff/closed']).code, 1);
  assert.equal(runCli(['diff', '--exit-code', BASE, BASE]).code, 0);
  assert.equal(runCli(['diff', BASE, 'test/fixtures/diff/closed']).code, 0, 'without --exit-code a change is not a failure');
  const one = runCli(['diff', BASE]);
  assert.equal(one.code, 2);
  assert.match(one.stderr, /diff needs OLD and NEW/);
  assert.equal(runCli(['flows', '--base', 'HEAD', BASE]).code, 2);
  assert.match(runCli(['diff', '--format', 'sarif', BASE, BASE]).stderr, /not available for diff/);
});

/** A git repository in a temp folder whose HEAD holds the base fixture under deploy/. */
function gitRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-diff-git-'));
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  git('init', '-q');
  cpSync(fixture('diff', 'base'), join(dir, 'deploy'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), 'not a manifest\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  return dir;
}

test('diff --base HEAD compares the working tree with the commit, from the root and from a subfolder', () => {
  const dir = gitRepo();
  try {
    // The working tree becomes the mixed case: a policy edited, a workload renamed, one added.
    for (const f of ['policies.yaml', 'workloads.yaml']) cpSync(fixture('diff', 'mixed', f), join(dir, 'deploy', f));
    const expected = JSON.parse(readFileSync(fixture('diff-expected', 'mixed.json'), 'utf8'));
    const root = runCli(['diff', '--base', 'HEAD', '--format', 'json'], { cwd: dir });
    assert.equal(root.code, 0, root.stderr);
    assert.deepEqual(JSON.parse(root.stdout), expected);
    const sub = runCli(['diff', '--base', 'HEAD', '--format', 'json', '.'], { cwd: join(dir, 'deploy') });
    assert.deepEqual(JSON.parse(sub.stdout), expected);
    // Files named one by one; --exit-code says something changed.
    const named = runCli(['diff', '--base', 'HEAD', '--exit-code', '--format', 'json', 'deploy/policies.yaml', 'deploy/workloads.yaml'], { cwd: dir });
    assert.equal(named.code, 1);
    assert.deepEqual(JSON.parse(named.stdout), expected);
    assert.equal(runCli(['diff', '--base', 'HEAD', '--exit-code', 'README.md'], { cwd: dir }).code, 0, 'no manifest changed there');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('diff --base: a folder new since the revision is all opened; a bad revision or a path outside the repository exits 2', () => {
  const dir = gitRepo();
  try {
    cpSync(fixture('diff', 'base'), join(dir, 'new-app'), { recursive: true });
    const r = runCli(['diff', '--base', 'HEAD', '--format', 'json', 'new-app'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { changes: { before: unknown }[]; workloads: { added: string[]; removed: string[] } };
    assert.ok(json.changes.length > 0 && json.changes.every((c) => c.before === null));
    assert.deepEqual(json.workloads, { added: ['payments/worker', 'shop/api', 'shop/db', 'shop/web'], removed: [] });
    const bad = runCli(['diff', '--base', 'no-such-rev'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^netpol-lens: unknown revision no-such-rev\n/);
    const outside = runCli(['diff', '--base', 'HEAD', tmpdir()], { cwd: dir });
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /outside the git repository/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the README shows a CI job (GitHub Actions YAML) that posts `diff --base origin/main --format md` on the pull request', async () => {
  const { parse } = await import('yaml');
  const readme = readFileSync(join(fixture('..', '..'), 'README.md'), 'utf8');
  const block = /```yaml\n(name: NetworkPolicy review\n[\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README must have the CI job');
  type Step = { run?: string; with?: Record<string, unknown> };
  const job = parse(block[1]!) as { on: string; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
  assert.equal(job.on, 'pull_request');
  assert.equal(job.permissions['pull-requests'], 'write');
  const steps = Object.values(job.jobs)[0]!.steps;
  assert.equal(steps[0]!.with?.['fetch-depth'], 0, 'the base revision must be fetched');
  const runs = steps.map((s) => s.run ?? '');
  const diff = runs.findIndex((r) => r.includes('netpol-lens diff --base origin/main --format md > netpol-diff.md'));
  assert.ok(diff >= 0 && runs.slice(diff + 1).some((r) => r.includes('gh pr comment') && r.includes('--body-file netpol-diff.md')), runs.join('\n'));
});
