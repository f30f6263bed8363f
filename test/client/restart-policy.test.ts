// The restart decision for a language server that stopped (client/src/restart-policy.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS, NO_RESTARTS, decideRestart, type RestartHistory } from '../../client/src/restart-policy';

/** Stops at each of `times` (ms) in turn; returns which ones were restarted and the final reason. */
function crashAt(times: number[], start: RestartHistory = NO_RESTARTS): { restarted: boolean[]; reason?: string; history: RestartHistory } {
  let history = start;
  let reason: string | undefined;
  const restarted = times.map((t) => {
    const d = decideRestart(history, t);
    history = d.history;
    reason = d.reason ?? reason;
    return d.restart;
  });
  return { restarted, reason, history };
}

const MINUTE = 60_000;

test('a server that dies every 70 s (never 4 times in 3 minutes) is restarted five times, not forever', () => {
  const r = crashAt(Array.from({ length: 20 }, (_, i) => (i + 1) * 70_000));
  assert.equal(r.restarted.filter(Boolean).length, DEFAULT_LIMITS.total);
  assert.deepEqual(r.restarted.slice(0, 5), [true, true, true, true, true]);
  assert.ok(r.restarted.slice(5).every((x) => !x));
  assert.equal(r.reason, 'total');
});

test('four deaths within three minutes stop the restarts (the burst cap)', () => {
  const r = crashAt([0, 10_000, 20_000, 30_000]);
  assert.deepEqual(r.restarted, [true, true, true, false]);
  assert.equal(r.reason, 'burst');
});

test('a burst long ago does not count against a new one', () => {
  const r = crashAt([0, 1_000, 2_000, 10 * MINUTE]);
  assert.deepEqual(r.restarted, [true, true, true, true]);
});

test('a manual restart (a fresh history) allows restarts again', () => {
  const spent = crashAt(Array.from({ length: 6 }, (_, i) => i * 10 * MINUTE));
  assert.equal(decideRestart(spent.history, 100 * MINUTE).restart, false);
  assert.equal(decideRestart(NO_RESTARTS, 100 * MINUTE).restart, true);
});
