// When to restart a language server that stopped: a pure function over the times of earlier
// restarts, so that it is unit-tested without VS Code. A burst cap alone (three in three
// minutes) lets a server that dies every minute restart forever; the total cap stops that.

/** The limits: at most `perWindow` restarts within `windowMs`, and `total` in all. */
export interface RestartLimits {
  perWindow: number;
  windowMs: number;
  total: number;
}

/** Three restarts in three minutes, five until the user restarts the server by hand. */
export const DEFAULT_LIMITS: RestartLimits = { perWindow: 3, windowMs: 3 * 60 * 1000, total: 5 };

/** The restarts so far (since activation or the last manual restart). */
export interface RestartHistory {
  /** When each automatic restart happened (ms), oldest first. */
  times: readonly number[];
}

/** The decision, and the history to keep for next time. */
export interface RestartDecision {
  restart: boolean;
  /** Why not: too many restarts in a burst, or in all. */
  reason?: 'burst' | 'total';
  history: RestartHistory;
}

/** A fresh history: what the Restart Language Server command goes back to. */
export const NO_RESTARTS: RestartHistory = { times: [] };

/** Decides whether to restart a server that stopped at `now`. */
export function decideRestart(history: RestartHistory, now: number, limits: RestartLimits = DEFAULT_LIMITS): RestartDecision {
  if (history.times.length >= limits.total) return { restart: false, reason: 'total', history };
  const recent = history.times.filter((t) => now - t <= limits.windowMs);
  if (recent.length >= limits.perWindow) return { restart: false, reason: 'burst', history };
  return { restart: true, history: { times: [...history.times, now] } };
}
