import type { Ack, InvalidRequestType, Logger, StartStream } from '@wallet-service/common';
import type { WebSocket } from 'ws';
import type { EnvelopeBuilder } from './envelope';
import { invalidRequestText } from './envelope';
import type { EventLog } from './event-log';
import { Pacer } from './pacer';
import { parseRequest } from './requests';

/** What a fault-injection hook sees of a client connection. */
export interface SimConnection {
  /** 1-based, in order of arrival. */
  readonly id: number;
  readonly active: boolean;
  readonly lastSentEventId: number | null;
  readonly ackEventId: number | null;
  readonly windowSize: number;
  /** Event frames sent on this connection so far, re-sends included. */
  readonly framesSent: number;
  terminate(): void;
}

/**
 * Fault injection: 'drop' terminates the websocket instead of sending the event; { raw } sends that text
 * instead of the envelope (and counts the event as sent).
 */
export type BeforeSend = (eventId: number, conn: SimConnection) => 'send' | 'drop' | { raw: string };

export interface ConnectionDeps {
  log: EventLog;
  envelope: EnvelopeBuilder;
  beforeSend?: BeforeSend;
  eventsPerSecond?: number;
  logger: Logger;
}

class InvalidRequest extends Error {
  constructor(
    readonly type: InvalidRequestType,
    message: string,
  ) {
    super(message);
  }
}

/** Events sent per turn of the event loop before yielding (so ACKs and other clients are served). */
const BATCH = 256;
/** Pause sending while this many bytes wait in the socket buffer (slow reader). */
const HIGH_WATER_BYTES = 8 << 20;

/**
 * One /v1a/event_ws client with the node's flow control (daemon-spec §1.2): an event e is sent only when the
 * stream is active, e is the next expected id and fewer than window_size events are un-acked. An ACK moves
 * "last sent" back to the acked id, so events sent after it but not acked go out again.
 */
export class EventConnection implements SimConnection {
  active = false;
  lastSentEventId: number | null = null;
  ackEventId: number | null = null;
  windowSize = 0;
  framesSent = 0;
  private closed = false;
  private timer: { kind: 'timeout'; handle: NodeJS.Timeout } | { kind: 'immediate'; handle: NodeJS.Immediate } | undefined;
  private readonly pacer: Pacer | undefined;

  constructor(
    readonly id: number,
    private readonly ws: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.pacer = deps.eventsPerSecond === undefined ? undefined : new Pacer(deps.eventsPerSecond);
  }

  handleMessage(text: string): void {
    const parsed = parseRequest(text);
    try {
      if (!parsed.ok) throw new InvalidRequest('VALIDATION_ERROR', parsed.error);
      const request = parsed.request;
      if (request.type === 'START_STREAM') this.startStream(request);
      else if (request.type === 'ACK') this.ack(request);
      else this.stopStream();
    } catch (err) {
      if (!(err instanceof InvalidRequest)) throw err;
      this.deps.logger.debug('invalid request', { connection: this.id, type: err.type, error: err.message });
      this.ws.send(invalidRequestText(err.type, text, err.message));
    }
  }

  /** New events were appended to the log. */
  notify(): void {
    this.pump();
  }

  terminate(): void {
    this.ws.terminate();
    this.dispose();
  }

  /** The socket is gone: stop all scheduled work. */
  dispose(): void {
    this.closed = true;
    this.active = false;
    this.clearTimer();
  }

  private startStream(request: StartStream): void {
    if (this.active) throw new InvalidRequest('STREAM_IS_ACTIVE', 'the stream is already active; send STOP_STREAM first');
    const lastAck = request.last_ack_event_id ?? null;
    // The node sets "last sent" to the client's last ack before validating it.
    this.validateAck(lastAck, lastAck);
    this.lastSentEventId = lastAck;
    this.ackEventId = lastAck;
    this.windowSize = request.window_size;
    this.active = true;
    this.pump();
  }

  private ack(request: Ack): void {
    if (!this.active) throw new InvalidRequest('STREAM_IS_INACTIVE', 'ACK received but the stream is not active; send START_STREAM first');
    this.validateAck(request.ack_event_id, this.lastSentEventId);
    this.ackEventId = request.ack_event_id;
    this.lastSentEventId = request.ack_event_id;
    this.windowSize = request.window_size;
    this.pump();
  }

  private stopStream(): void {
    if (!this.active) throw new InvalidRequest('STREAM_IS_INACTIVE', 'STOP_STREAM received but the stream is not active');
    this.active = false;
    this.clearTimer();
  }

  /**
   * Repeating the previous ack is accepted (only going backwards is ACK_TOO_SMALL), as hathor-core's
   * protocol does: otherwise a stream paused by an ACK with window 0 could never resume, and a stopped
   * stream could not restart from its own last ack.
   */
  private validateAck(ack: number | null, lastSent: number | null): void {
    const previous = this.ackEventId;
    if (previous !== null && (ack === null || ack < previous)) {
      throw new InvalidRequest('ACK_TOO_SMALL', `ack ${ack} is below the previous ack ${previous}`);
    }
    if (ack !== null && (lastSent === null || lastSent < ack)) {
      throw new InvalidRequest('ACK_TOO_LARGE', `ack ${ack} is beyond the last event sent (${lastSent ?? 'none'})`);
    }
  }

  private nextEventId(): number {
    return this.lastSentEventId === null ? 0 : this.lastSentEventId + 1;
  }

  private canSendNext(): boolean {
    if (!this.active || this.closed) return false;
    const latest = this.deps.log.latestId;
    if (latest === null || this.nextEventId() > latest) return false;
    const pending = this.lastSentEventId === null ? 0 : this.lastSentEventId - (this.ackEventId ?? -1);
    return pending < this.windowSize;
  }

  private pump(): void {
    if (this.timer !== undefined) return;
    for (let budget = BATCH; this.canSendNext(); budget--) {
      if (budget === 0) return this.schedule(0);
      if (this.ws.bufferedAmount > HIGH_WATER_BYTES) return this.schedule(5);
      const wait = this.pacer?.take() ?? 0;
      if (wait > 0) return this.schedule(wait);
      this.sendNext();
    }
  }

  private sendNext(): void {
    const id = this.nextEventId();
    const decision = this.deps.beforeSend?.(id, this) ?? 'send';
    if (decision === 'drop') {
      this.deps.logger.debug('fault hook dropped the connection', { connection: this.id, eventId: id });
      this.terminate();
      return;
    }
    const log = this.deps.log;
    const text = decision === 'send' ? this.deps.envelope.build(log.get(id), log.latestId as number) : decision.raw;
    this.ws.send(text);
    this.lastSentEventId = id;
    this.framesSent++;
  }

  private schedule(ms: number): void {
    const run = () => {
      this.timer = undefined;
      this.pump();
    };
    this.timer = ms === 0 ? { kind: 'immediate', handle: setImmediate(run) } : { kind: 'timeout', handle: setTimeout(run, ms) };
  }

  private clearTimer(): void {
    if (this.timer?.kind === 'immediate') clearImmediate(this.timer.handle);
    else if (this.timer?.kind === 'timeout') clearTimeout(this.timer.handle);
    this.timer = undefined;
  }
}
