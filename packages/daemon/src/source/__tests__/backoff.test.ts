import { AbortedError, createBackoff, retry, sleep } from '../backoff';

describe('reconnect backoff', () => {
  it('doubles from the base up to the cap', () => {
    const b = createBackoff({ baseMs: 100, maxMs: 1000 }, () => 1);
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(b.attempts).toBe(6);
  });

  it('jitters each delay between half and all of it', () => {
    const low = createBackoff({ baseMs: 100, maxMs: 1000 }, () => 0);
    expect([low.next(), low.next()]).toEqual([50, 100]);
    const real = createBackoff({ baseMs: 1000, maxMs: 1000 });
    const delays = Array.from({ length: 50 }, () => real.next());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it('starts from the base again after a reset', () => {
    const b = createBackoff({ baseMs: 10, maxMs: 1000 }, () => 1);
    b.next();
    b.next();
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(10);
  });

  it('never overflows on a very long outage', () => {
    const b = createBackoff({ baseMs: 1000, maxMs: 30_000 }, () => 1);
    for (let i = 0; i < 5000; i++) b.next();
    expect(b.next()).toBe(30_000);
  });
});

describe('retry', () => {
  const fast = () => createBackoff({ baseMs: 1, maxMs: 2 });
  const transient = Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
  const isTransient = (e: unknown) => (e as { code?: string }).code === 'ECONNREFUSED';

  it('retries retryable failures until the call succeeds, reporting each retry', async () => {
    let calls = 0;
    const retries: number[] = [];
    const value = await retry(
      async () => {
        if (++calls < 3) throw transient;
        return 'ok';
      },
      { backoff: fast(), isRetryable: isTransient, onRetry: (_e, attempt) => retries.push(attempt) },
    );
    expect(value).toBe('ok');
    expect(retries).toEqual([1, 2]);
  });

  it('throws a non-retryable error at once', async () => {
    let calls = 0;
    const err = new Error('bad input');
    await expect(retry(async () => { calls++; throw err; }, { backoff: fast(), isRetryable: isTransient })).rejects.toBe(err);
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    await expect(retry(async () => { calls++; throw transient; }, { backoff: fast(), isRetryable: isTransient, maxAttempts: 4 })).rejects.toBe(transient);
    expect(calls).toBe(4);
  });

  it('stops waiting when aborted', async () => {
    const ac = new AbortController();
    const p = retry(async () => { throw transient; }, { backoff: createBackoff({ baseMs: 60_000, maxMs: 60_000 }), isRetryable: isTransient, signal: ac.signal });
    setTimeout(() => ac.abort(), 10);
    await expect(p).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('sleep', () => {
  it('resolves true after the delay and false when aborted early', async () => {
    expect(await sleep(1)).toBe(true);
    const ac = new AbortController();
    const started = Date.now();
    const p = sleep(60_000, ac.signal);
    ac.abort();
    expect(await p).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
