import {
  EventEnvelope,
  FullNodeEvent,
  INVALID_REQUEST_TYPES,
  InvalidRequest,
  KNOWN_EVENT_TYPES,
  UnknownEvent,
  parseJson,
  type InvalidRequestType,
} from '@wallet-service/common';
import type { z } from 'zod';
import type { StreamEvent } from '../sync/contract';

/**
 * Raw websocket text → a typed event, or a typed error that says what was wrong. Nothing here throws:
 * a bad frame is a value the loop decides about (resume or stop), never an exception escaping the
 * socket callback (daemon-spec §8 concern 4).
 */

/** The envelope fields the guards and progress need; the event itself is decoded separately. */
export interface EnvelopeInfo {
  peerId: string;
  network: string;
  streamId: string;
  latestEventId: number;
}

export interface DecodedEvent {
  kind: 'event';
  envelope: EnvelopeInfo;
  event: StreamEvent;
  /** False for a type this version does not know (a newer node): passed on, logged. */
  known: boolean;
}

export type DecodeErrorKind =
  /** Not JSON at all. */
  | 'invalid-json'
  /** JSON, but neither an event envelope nor a node reply we know. */
  | 'unexpected-frame'
  /** An envelope whose event fails the schema of its type. */
  | 'invalid-event'
  /** The node rejected something we sent (ACK_TOO_SMALL, VALIDATION_ERROR, EVENT_WS_NOT_RUNNING…). */
  | 'invalid-request';

export class DecodeError extends Error {
  override name = 'DecodeError';
  constructor(
    readonly kind: DecodeErrorKind,
    message: string,
    /** Start of the offending frame, for the log line. */
    readonly frame: string,
    /** The event id, when the envelope got far enough to have one. */
    readonly eventId?: number,
    readonly requestType?: InvalidRequestType,
  ) {
    super(message);
  }
}

export interface DecodeFailure {
  kind: 'error';
  error: DecodeError;
}

export type Decoded = DecodedEvent | DecodeFailure;

const FRAME_EXCERPT = 300;
const KNOWN = new Set<string>(KNOWN_EVENT_TYPES);
const INVALID_REQUESTS = new Set<string>(INVALID_REQUEST_TYPES);

/** "event.data.outputs.0.value: expected …" for the first few issues, so the log names the field. */
export function describeIssues(error: z.ZodError, prefix: string): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return `${path || '(frame)'}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

function fail(kind: DecodeErrorKind, message: string, text: string, eventId?: number, requestType?: InvalidRequestType): DecodeFailure {
  return { kind: 'error', error: new DecodeError(kind, message, text.slice(0, FRAME_EXCERPT), eventId, requestType) };
}

function decodeInvalidRequest(value: unknown, text: string): DecodeFailure {
  const parsed = InvalidRequest.safeParse(value);
  if (!parsed.success) {
    return fail('unexpected-frame', `malformed invalid-request reply from the node: ${describeIssues(parsed.error, '')}`, text);
  }
  const { type, error_message, invalid_request } = parsed.data;
  const detail = error_message ? `: ${error_message}` : '';
  const request = invalid_request ? ` (request: ${invalid_request.slice(0, FRAME_EXCERPT)})` : '';
  return fail('invalid-request', `the node rejected a request with ${type}${detail}${request}`, text, undefined, type);
}

function peekId(value: unknown): number | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isInteger(id) ? id : undefined;
}

export function decodeFrame(text: string): Decoded {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (err) {
    return fail('invalid-json', `frame is not valid JSON: ${(err as Error).message}`, text);
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && INVALID_REQUESTS.has(type)) return decodeInvalidRequest(value, text);

  const envelope = EventEnvelope.safeParse(value);
  if (!envelope.success) {
    const what = type === 'EVENT' ? 'malformed event envelope' : `unexpected frame (type ${JSON.stringify(type)})`;
    return fail(type === 'EVENT' ? 'invalid-event' : 'unexpected-frame', `${what}: ${describeIssues(envelope.error, '')}`, text);
  }
  const { peer_id, network, stream_id, latest_event_id, event: raw } = envelope.data;
  const info: EnvelopeInfo = { peerId: peer_id, network, streamId: stream_id, latestEventId: latest_event_id };
  const eventType = (raw as { type?: unknown } | null)?.type;

  if (typeof eventType === 'string' && !KNOWN.has(eventType)) {
    const unknown = UnknownEvent.safeParse(raw);
    if (!unknown.success) {
      return fail('invalid-event', `event of unknown type ${eventType} is malformed: ${describeIssues(unknown.error, 'event')}`, text, peekId(raw));
    }
    return { kind: 'event', envelope: info, event: unknown.data, known: false };
  }
  const event = FullNodeEvent.safeParse(raw);
  if (!event.success) {
    const label = typeof eventType === 'string' ? `${eventType} event` : 'event';
    const id = peekId(raw);
    const at = id === undefined ? '' : ` ${id}`;
    return fail('invalid-event', `${label}${at} fails the schema: ${describeIssues(event.error, 'event')}`, text, id);
  }
  return { kind: 'event', envelope: info, event: event.data, known: true };
}
