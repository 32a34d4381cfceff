import { stringifyJson, type Ack, type Logger, type StartStream } from '@wallet-service/common';
import { decodeFrame, type DecodeError, type EnvelopeInfo } from '../decode/frame';
import { classifyEventId, type IdentityGuard } from '../decode/guards';
import type { StreamEvent } from '../sync/contract';
import type { SocketConnection } from './socket';

/**
 * One streaming session over one socket: START_STREAM from the committed cursor, frames decoded and
 * checked (identity, consecutive ids), ACKs for committed ids only.
 *
 * The node's flow control (daemon-spec §1.2): it sends while `sent - acked < window`, and an ACK (like
 * START_STREAM) resets its "last sent" to the acked id, so everything received after the acked event is
 * sent again; the session drops ids at or below the last one received. An ACK for an id beyond the node's
 * (reset) "last sent" is refused with ACK_TOO_LARGE, and frames still in flight when an ACK crosses them
 * make the node's "last sent" unknowable from our side. So the session ACKs only when the node is
 * quiescent: when it has sent a full window since the last ACK (and therefore sends nothing until the
 * next one). At that moment its "last sent" is exactly the newest frame received, every committed id is
 * at or below it, and every frame after the ACK is a fresh one. ACKs are flow control only (the resume
 * point after a reconnect is the committed cursor); with a window of 1 every event is ACKed as soon as it
 * is committed.
 *
 * A partial window is ACKed too, once the node has gone quiet: everything received is committed and no
 * frame came for QUIET_ACK_MS, so the node has nothing more to send and its "last sent" is the newest frame
 * received. A quiet node is then never left holding an old ACK, and the ACK re-sends nothing. (A frame
 * still in flight despite the silence would only come again as a duplicate, which is dropped.)
 */
export type SessionEnd =
  /** Restart the stream from the committed cursor (a gap, a malformed frame, a rejected request). */
  | { kind: 'resume'; reason: string; decodeError?: DecodeError; /** The id the session expected next. */ atEventId: number }
  /** The node is up but its event stream is not running: reconnect later, like a dropped socket. */
  | { kind: 'unavailable'; reason: string }
  /** Stop the daemon (a guard mismatch). */
  | { kind: 'fatal'; error: Error };

export interface SessionHandlers {
  /** The next event in order (never a duplicate, never past a gap). */
  onEvent(event: StreamEvent, envelope: EnvelopeInfo, known: boolean): void;
  /** Every decoded event frame, duplicates included (liveness, the node's newest id), and what decoding it took. */
  onFrame(eventId: number, latestEventId: number, decodeSeconds: number): void;
  /** The session cannot continue; called at most once, after which frames are ignored. */
  onEnd(end: SessionEnd): void;
}

export interface StreamSessionOptions {
  conn: SocketConnection;
  /** Last committed event id; undefined for a database that was never synced (the stream starts at 0). */
  fromEventId: number | undefined;
  windowSize: number;
  guard: IdentityGuard;
  log: Logger;
  handlers: SessionHandlers;
}

export interface StreamSession {
  /** Records a committed event id; it is ACKed when the node has sent a full window (see above). */
  committed(eventId: number): void;
  /** The node will send no further event until we ACK. */
  windowExhausted(): boolean;
  /** Id of the newest in-order event received (or the start cursor). */
  lastReceived(): number | undefined;
  /** The node's newest event id as of the last frame. */
  latestEventId(): number | undefined;
  ended(): boolean;
}

export function startStreamMessage(fromEventId: number | undefined, windowSize: number): string {
  const msg: StartStream = { type: 'START_STREAM', window_size: windowSize };
  if (fromEventId !== undefined) msg.last_ack_event_id = fromEventId;
  return stringifyJson(msg);
}

export function ackMessage(eventId: number, windowSize: number): string {
  const msg: Ack = { type: 'ACK', ack_event_id: eventId, window_size: windowSize };
  return stringifyJson(msg);
}

/** Silence after which a committed partial window is ACKed (frames of a busy node are far closer). */
export const QUIET_ACK_MS = 250;

export function startStreamSession(opts: StreamSessionOptions): StreamSession {
  const { conn, windowSize, guard, log, handlers } = opts;
  let received = opts.fromEventId;
  let committed = opts.fromEventId;
  let acked = opts.fromEventId;
  /** The node's "last sent": exact, because frames after an ACK are all sent after the node read it. */
  let nodeSent = opts.fromEventId;
  let latest: number | undefined;
  let ended = false;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  const unknownTypes = new Set<string>();

  const cancelQuietAck = () => {
    clearTimeout(quietTimer);
    quietTimer = undefined;
  };

  const end = (e: SessionEnd) => {
    if (ended) return;
    cancelQuietAck();
    ended = true;
    handlers.onEnd(e);
  };

  const windowExhausted = () => (nodeSent ?? -1) - (acked ?? -1) >= windowSize;

  const unacked = () => committed !== undefined && (acked === undefined || committed > acked);
  const ack = () => {
    cancelQuietAck();
    if (!conn.send(ackMessage(committed as number, windowSize))) return;
    acked = committed;
    nodeSent = committed;
  };
  const maybeAck = () => {
    if (ended || !unacked()) return;
    // An ACK below the node's last sent makes it send everything after that id again: with a window
    // wider than the batch, the node waits until the rest of what it sent is committed too.
    if (windowExhausted()) return committed === nodeSent ? ack() : undefined;
    // Re-armed by every frame and commit: fires only after QUIET_ACK_MS with neither.
    cancelQuietAck();
    if (committed !== nodeSent) return;
    quietTimer = setTimeout(() => {
      quietTimer = undefined;
      if (!ended && unacked() && committed === nodeSent) ack();
    }, QUIET_ACK_MS);
    quietTimer.unref?.();
  };

  const onText = (text: string) => {
    if (ended) return;
    const decodeStarted = performance.now();
    const decoded = decodeFrame(text);
    const decodeSeconds = (performance.now() - decodeStarted) / 1000;
    if (decoded.kind === 'error') {
      const { error } = decoded;
      if (error.requestType === 'EVENT_WS_NOT_RUNNING') return end({ kind: 'unavailable', reason: error.message });
      const atEventId = received === undefined ? 0 : received + 1;
      log.error('bad frame from the node; resuming from the committed event', { atEventId, kind: error.kind, error: error.message, frame: error.frame });
      return end({ kind: 'resume', reason: error.message, decodeError: error, atEventId });
    }
    const { event, envelope, known } = decoded;
    try {
      guard.check(envelope, event.id);
    } catch (err) {
      return end({ kind: 'fatal', error: err as Error });
    }
    nodeSent = event.id;
    latest = envelope.latestEventId;
    handlers.onFrame(event.id, envelope.latestEventId, decodeSeconds);
    maybeAck();
    switch (classifyEventId(event.id, received)) {
      case 'duplicate':
        log.debug('dropping an event received before (re-sent after an ACK)', { eventId: event.id, lastReceived: received });
        return;
      case 'gap': {
        const expected = received === undefined ? 0 : received + 1;
        log.warn('event ids are not consecutive; resuming from the committed event', { expected, received: event.id });
        return end({ kind: 'resume', reason: `gap in event ids: expected ${expected}, received ${event.id}`, atEventId: expected });
      }
      case 'next':
        received = event.id;
        if (!known && !unknownTypes.has(event.type)) {
          unknownTypes.add(event.type);
          log.warn('event type unknown to this version: passing it on without effects', { eventId: event.id, type: event.type });
        }
        handlers.onEvent(event, envelope, known);
    }
  };

  conn.onMessage(onText);
  conn.send(startStreamMessage(opts.fromEventId, windowSize));
  log.info('stream started', { lastAckEventId: opts.fromEventId ?? null, windowSize });

  return {
    committed(eventId) {
      if (ended) return;
      committed = Math.max(committed ?? eventId, eventId);
      maybeAck();
    },
    windowExhausted,
    lastReceived: () => received,
    latestEventId: () => latest,
    ended: () => ended,
  };
}
