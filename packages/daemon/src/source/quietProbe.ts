import type { Logger } from '@wallet-service/common';
import type { MissedEventsProbe } from './missed';

/**
 * While streaming, a stream that stays quiet for `quietMs` may be one whose node has events it did not
 * deliver (a lost frame, a stalled push): the node's HTTP API is asked whether events exist past the
 * committed cursor, and if so the stream is restarted from it. Every frame re-arms the timer; while the
 * daemon has work of its own (a batch in flight, events buffered) the question waits. An answer that
 * arrives after a newer frame is stale and ignored; a failed probe is asked again later.
 */
export interface QuietProbeOptions {
  quietMs: number;
  /** Omitted: never asked (the timer still runs, so arming is uniform). */
  missed?: MissedEventsProbe;
  log: Logger;
  /** True while a batch is in flight or events are buffered. */
  busy(): boolean;
  /** The committed cursor (undefined: nothing committed yet). */
  committed(): number | undefined;
  /** Date.now() of the newest frame. */
  lastFrameAt(): number;
  /** The node has events past the cursor: restart the stream. */
  onMissed(): void;
}

export interface QuietProbe {
  /** (Re)starts the quiet timer: at start and on every frame. */
  arm(): void;
  /** No further probe or callback (the stream ended). */
  stop(): void;
}

export function createQuietProbe(o: QuietProbeOptions): QuietProbe {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const arm = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(onQuiet, o.quietMs);
  };

  const onQuiet = () => {
    if (stopped) return;
    if (o.busy() || !o.missed) return arm();
    const probedAt = Date.now();
    const after = o.committed();
    o.log.debug('stream quiet: asking the node for events past the cursor', { lastEventId: after ?? null });
    o.missed.hasEventsAfter(after).then(
      (missed) => {
        if (stopped || o.lastFrameAt() > probedAt) return;
        if (!missed) return arm();
        o.log.warn('the node has events the stream did not deliver; restarting the stream', { lastEventId: after ?? null });
        o.onMissed();
      },
      (err) => {
        if (stopped) return;
        o.log.warn('missed-event probe failed; will ask again', { err });
        arm();
      },
    );
  };

  return {
    arm,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
