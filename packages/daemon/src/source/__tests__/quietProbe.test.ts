import { silentLogger } from '@wallet-service/common';
import { createQuietProbe, type QuietProbeOptions } from '../quietProbe';

/** The quiet-stream probe on fake timers: when it asks the node, and what it does with each answer. */
describe('quiet-stream probe', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  function probe(answers: Array<boolean | Error>, overrides: Partial<QuietProbeOptions> = {}) {
    const asked: Array<number | undefined> = [];
    let missedCalls = 0;
    let frameAt = Date.now();
    const p = createQuietProbe({
      quietMs: 1000,
      log: silentLogger,
      busy: () => false,
      committed: () => 41,
      lastFrameAt: () => frameAt,
      onMissed: () => missedCalls++,
      missed: {
        hasEventsAfter: (after) => {
          asked.push(after);
          const a = answers.shift() ?? false;
          return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
        },
      },
      ...overrides,
    });
    return { p, asked, missed: () => missedCalls, frame: () => (frameAt = Date.now()) };
  }

  test('asks after quietMs without frames, and asks again later while the node has nothing', async () => {
    const t = probe([false, false]);
    t.p.arm();
    await jest.advanceTimersByTimeAsync(999);
    expect(t.asked).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(t.asked).toEqual([41]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(t.asked).toEqual([41, 41]);
    expect(t.missed()).toBe(0);
    t.p.stop();
  });

  test('every frame re-arms the timer: a busy stream is never probed', async () => {
    const t = probe([true]);
    t.p.arm();
    for (let i = 0; i < 10; i++) {
      await jest.advanceTimersByTimeAsync(900);
      t.p.arm();
    }
    expect(t.asked).toEqual([]);
    t.p.stop();
  });

  test('events past the cursor restart the stream once', async () => {
    const t = probe([true]);
    t.p.arm();
    await jest.advanceTimersByTimeAsync(1000);
    expect(t.missed()).toBe(1);
    await jest.advanceTimersByTimeAsync(5000);
    expect(t.asked).toHaveLength(1);
  });

  test('an answer that comes after a newer frame is stale and ignored', async () => {
    let release!: (v: boolean) => void;
    const t = probe([], { missed: { hasEventsAfter: () => new Promise<boolean>((r) => (release = r)) } });
    t.p.arm();
    await jest.advanceTimersByTimeAsync(1000);
    await jest.advanceTimersByTimeAsync(10);
    t.frame();
    release(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(t.missed()).toBe(0);
    t.p.stop();
  });

  test('while the daemon is busy the question waits; a failed probe is asked again', async () => {
    let busy = true;
    const t = probe([new Error('node down'), true], { busy: () => busy });
    t.p.arm();
    await jest.advanceTimersByTimeAsync(3000);
    expect(t.asked).toEqual([]);
    busy = false;
    await jest.advanceTimersByTimeAsync(1000);
    expect(t.asked).toHaveLength(1);
    expect(t.missed()).toBe(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(t.asked).toHaveLength(2);
    expect(t.missed()).toBe(1);
  });

  test('after stop nothing is asked and no answer in flight restarts anything', async () => {
    let release!: (v: boolean) => void;
    const t = probe([], { missed: { hasEventsAfter: () => new Promise<boolean>((r) => (release = r)) } });
    t.p.arm();
    await jest.advanceTimersByTimeAsync(1000);
    t.p.stop();
    release(true);
    await jest.advanceTimersByTimeAsync(5000);
    expect(t.missed()).toBe(0);
  });
});
