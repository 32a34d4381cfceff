/**
 * Capped exponential backoff with jitter. The jitter keeps a fleet of daemons that lost the same node from
 * reconnecting in lockstep; half of each delay is fixed so a retry never comes immediately.
 */
export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  /** A connection that stayed healthy this long starts the next failure from the base delay again. */
  resetAfterMs?: number;
}

export interface Backoff {
  /** The delay before the next attempt; each call counts one failed attempt. */
  next(): number;
  reset(): void;
  readonly attempts: number;
}

export function createBackoff(settings: BackoffSettings, random: () => number = Math.random): Backoff {
  let attempts = 0;
  return {
    next() {
      const exp = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(attempts, 30));
      attempts++;
      return Math.round(exp / 2 + random() * (exp / 2));
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}

/** Resolves after `ms`, or early (with false) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class AbortedError extends Error {
  override name = 'AbortedError';
  constructor() {
    super('stopped while waiting to retry');
  }
}

export interface RetryOptions {
  backoff: Backoff;
  /** Errors that are worth another attempt; anything else is thrown at once. */
  isRetryable: (err: unknown) => boolean;
  /** Stop after this many failed attempts (default: never). */
  maxAttempts?: number;
  signal?: AbortSignal;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `fn` until it succeeds, fails with a non-retryable error, runs out of attempts or is aborted. */
export async function retry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new AbortedError();
    try {
      return await fn();
    } catch (err) {
      if (!opts.isRetryable(err) || (opts.maxAttempts !== undefined && attempt >= opts.maxAttempts)) throw err;
      const delay = opts.backoff.next();
      opts.onRetry?.(err, attempt, delay);
      if (!(await sleep(delay, opts.signal))) throw new AbortedError();
    }
  }
}
