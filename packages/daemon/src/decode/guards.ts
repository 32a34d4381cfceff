import type { Logger } from '@wallet-service/common';
import type { ExpectedIdentity } from '../source/settings';
import type { Alert, StreamIdentity } from '../sync/contract';
import type { EnvelopeInfo } from './frame';

/**
 * The daemon follows exactly one node stream. Events from another peer, network or stream (a node whose
 * event store was rebuilt, a misrouted load balancer, a wrong setting) must never reach the database:
 * the mismatch is fatal, before any write, with a message naming the field and both values.
 */

export type IdentityField = 'peer_id' | 'network' | 'stream_id';

export class GuardError extends Error {
  override name = 'GuardError';
  constructor(
    readonly field: IdentityField,
    readonly expected: string,
    readonly received: string,
    /** Where the unexpected value came from. */
    readonly origin: 'event' | 'database',
    eventId?: number,
  ) {
    super(
      origin === 'event'
        ? `event${eventId === undefined ? '' : ` ${eventId}`} has ${field} ${JSON.stringify(received)} but the daemon follows ${JSON.stringify(expected)}`
        : `the database was synced from ${field} ${JSON.stringify(received)} but the daemon is configured for ${JSON.stringify(expected)}; ` +
            'use a database synced from this stream (or an empty one)',
    );
  }
}

/** The critical alert that goes with a guard mismatch. */
export function guardAlert(err: GuardError): Alert {
  return {
    title: 'Full node stream mismatch',
    message: err.message,
    severity: 'critical',
    metadata: { field: err.field, expected: err.expected, received: err.received, origin: err.origin },
  };
}

const FIELDS: [IdentityField, keyof StreamIdentity][] = [
  ['stream_id', 'streamId'],
  ['peer_id', 'peerId'],
  ['network', 'network'],
];

/**
 * Refuses a database whose sync_metadata names another stream. An empty stored value means the row
 * predates identity tracking and is accepted.
 */
export function checkDatabaseIdentity(stored: StreamIdentity, expected: ExpectedIdentity): void {
  for (const [field, key] of FIELDS) {
    const want = expected[key];
    const have = stored[key];
    if (want !== undefined && have !== '' && have !== want) throw new GuardError(field, want, have, 'database');
  }
}

export interface IdentityGuard {
  /** Throws GuardError on a mismatch; returns the identity the events belong to. */
  check(envelope: EnvelopeInfo, eventId: number): StreamIdentity;
  /** The identity once it is fully known (always, unless ids are learned and no event arrived yet). */
  identity(): StreamIdentity | undefined;
}

/**
 * `expected` fields left undefined are learned from the first envelope (FETCH_FULLNODE_IDS, development
 * only) and then enforced like configured ones; the learned identity is also checked against the
 * database's, so learning cannot mix two streams in one database.
 */
export function createIdentityGuard(expected: ExpectedIdentity, stored: StreamIdentity | null, log: Logger): IdentityGuard {
  const want: ExpectedIdentity = { ...expected };
  let known = complete(want);
  return {
    check(envelope, eventId) {
      if (!known) {
        const learned = { peerId: want.peerId ?? envelope.peerId, streamId: want.streamId ?? envelope.streamId, network: want.network ?? envelope.network };
        log.warn('FETCH_FULLNODE_IDS: following the stream identity the node announced (development only)', { ...learned });
        if (stored) checkDatabaseIdentity(stored, learned);
        Object.assign(want, learned);
        known = complete(want);
      }
      for (const [field, key] of FIELDS) {
        const value = key === 'peerId' ? envelope.peerId : key === 'streamId' ? envelope.streamId : envelope.network;
        if (value !== want[key]) throw new GuardError(field, want[key] ?? '', value, 'event', eventId);
      }
      return known as StreamIdentity;
    },
    identity: () => known,
  };
}

function complete(e: ExpectedIdentity): StreamIdentity | undefined {
  if (e.peerId === undefined || e.streamId === undefined || e.network === undefined) return undefined;
  return { peerId: e.peerId, streamId: e.streamId, network: e.network };
}

/** Where an event id stands relative to the last one received (or committed, when nothing is pending). */
export type Sequence = 'next' | 'duplicate' | 'gap';

/** Ids are consecutive from 0; `last` undefined means nothing was ever committed. */
export function classifyEventId(id: number, last: number | undefined): Sequence {
  const expected = last === undefined ? 0 : last + 1;
  if (id === expected) return 'next';
  return id < expected ? 'duplicate' : 'gap';
}
