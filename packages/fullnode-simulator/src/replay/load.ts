import { DEFAULT_REWARD_SPEND_MIN_BLOCKS } from '../server/defaults';
import type { EventStream, StreamMeta } from '../stream';
import { memberText } from './json-text';
import { readLines } from './lines';

export interface ReplayOptions {
  /** Reported on /v1a/version; a wire file does not carry it (default 10, the recorded streams' value). */
  rewardSpendMinBlocks?: number;
}

/** A replay file line that is not a valid node event message; the message names file and line. */
export class ReplayFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'ReplayFileError';
  }
}

type Envelope = Pick<StreamMeta, 'peerId' | 'network' | 'streamId'>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Checks one parsed wire line; returns a description of the first problem, or null. */
function lineProblem(msg: unknown, expectedId: number): string | null {
  if (!isObject(msg)) return 'expected a JSON object';
  if (msg.type !== 'EVENT') return `expected "type":"EVENT", got ${JSON.stringify(msg.type)}`;
  for (const key of ['peer_id', 'network', 'stream_id']) {
    if (typeof msg[key] !== 'string') return `"${key}" must be a string`;
  }
  if (!isNonNegativeInt(msg.latest_event_id)) return '"latest_event_id" must be a non-negative integer';
  const event = msg.event;
  if (!isObject(event)) return '"event" must be an object';
  if (!isNonNegativeInt(event.id)) return '"event.id" must be a non-negative integer';
  if (event.id !== expectedId) return `event id ${event.id} out of sequence (expected ${expectedId}; ids run from 0 without gaps)`;
  if (typeof event.type !== 'string') return '"event.type" must be a string';
  if (typeof event.timestamp !== 'number') return '"event.timestamp" must be a number';
  if (!isObject(event.data)) return '"event.data" must be an object';
  if (event.group_id !== null && !isNonNegativeInt(event.group_id)) return '"event.group_id" must be null or a non-negative integer';
  return null;
}

/** Validates one non-blank wire line and extracts its envelope fields and raw event text. */
function parseLine(text: string, expectedId: number): { envelope: Envelope; raw: string } {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`);
  }
  const problem = lineProblem(msg, expectedId);
  if (problem !== null) throw new Error(problem);
  const m = msg as Record<string, string>;
  const envelope = { peerId: m.peer_id, network: m.network, streamId: m.stream_id };
  const raw = compactEventText(text, envelope, msg as Record<string, unknown>) ?? memberText(text, 'event');
  if (raw === undefined) throw new Error('"event" member not found');
  return { envelope, raw };
}

const WIRE_KEYS = 'type,peer_id,network,event,latest_event_id,stream_id';

/**
 * Fast path for lines in the node's own compact layout (the fixtures', the generator's): rebuild the
 * envelope around the event from the parsed values and, when the line starts and ends with exactly that,
 * the event text is what lies between. With the six keys present once each, in order, nothing else can sit
 * there. Any other layout returns undefined and goes through the scanner.
 */
function compactEventText(text: string, envelope: Envelope, msg: Record<string, unknown>): string | undefined {
  if (Object.keys(msg).join(',') !== WIRE_KEYS) return undefined;
  const prefix = `{"type":"EVENT","peer_id":${JSON.stringify(envelope.peerId)},"network":${JSON.stringify(envelope.network)},"event":`;
  const suffix = `,"latest_event_id":${msg.latest_event_id as number},"stream_id":${JSON.stringify(envelope.streamId)}}`;
  if (text.length <= prefix.length + suffix.length || !text.startsWith(prefix) || !text.endsWith(suffix)) return undefined;
  return text.slice(prefix.length, text.length - suffix.length);
}

const ENVELOPE_FIELDS = [
  ['peerId', 'peer_id'],
  ['network', 'network'],
  ['streamId', 'stream_id'],
] as const;

/**
 * Loads a JSONL file in the node's wire format (one EVENT message per line, like the recorded fixtures).
 * Every line is validated before anything is served, so a broken file fails at start, naming file and line.
 * Blank lines are skipped. peer_id / network / stream_id must be the same on every line: a node changes
 * stream_id only when it rebuilds its event store, which restarts ids at 0.
 */
export function loadReplayFile(path: string, options: ReplayOptions = {}): EventStream {
  const events: string[] = [];
  let first: Envelope | undefined;
  for (const [lineNo, text] of readLines(path)) {
    if (text.trim() === '') continue;
    try {
      const { envelope, raw } = parseLine(text, events.length);
      first ??= envelope;
      for (const [key, field] of ENVELOPE_FIELDS) {
        if (envelope[key] !== first[key]) {
          throw new Error(`"${field}" ${JSON.stringify(envelope[key])} differs from the first line's ${JSON.stringify(first[key])}`);
        }
      }
      events.push(raw);
    } catch (err) {
      throw new ReplayFileError(path, lineNo, (err as Error).message);
    }
  }
  if (first === undefined) throw new Error(`${path}: replay file holds no events`);
  const rewardSpendMinBlocks = options.rewardSpendMinBlocks ?? DEFAULT_REWARD_SPEND_MIN_BLOCKS;
  return { meta: { ...first, rewardSpendMinBlocks }, events };
}
