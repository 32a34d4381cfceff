import { createLogger, silentLogger } from '@wallet-service/common';
import { GuardError, checkDatabaseIdentity, classifyEventId, createIdentityGuard, guardAlert } from '../guards';

const env = (peerId: string, network: string, streamId: string) => ({ peerId, network, streamId, latestEventId: 10 });
const expected = { peerId: 'peer', network: 'mainnet', streamId: 'stream' };

function thrown(fn: () => unknown): GuardError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GuardError) return err;
    throw err;
  }
  throw new Error('expected a GuardError');
}

describe('event identity guard', () => {
  const guard = createIdentityGuard(expected, null, silentLogger);

  it('accepts events of the configured stream', () => {
    expect(guard.check(env('peer', 'mainnet', 'stream'), 1)).toEqual(expected);
  });

  it.each([
    ['peer_id', env('other-peer', 'mainnet', 'stream'), 'peer', 'other-peer'],
    ['network', env('peer', 'testnet-golf', 'stream'), 'mainnet', 'testnet-golf'],
    ['stream_id', env('peer', 'mainnet', 'new-stream'), 'stream', 'new-stream'],
  ])('refuses a %s mismatch, naming the field, the expected and the received value', (field, envelope, want, got) => {
    const err = thrown(() => guard.check(envelope, 42));
    expect(err).toMatchObject({ field, expected: want, received: got, origin: 'event' });
    expect(err.message).toBe(`event 42 has ${field} "${got}" but the daemon follows "${want}"`);
  });

  it('turns a mismatch into a critical alert carrying the field and both values', () => {
    const alert = guardAlert(thrown(() => guard.check(env('x', 'mainnet', 'stream'), 1)));
    expect(alert).toMatchObject({ severity: 'critical', metadata: { field: 'peer_id', expected: 'peer', received: 'x' } });
  });
});

describe('identity learned from the node (FETCH_FULLNODE_IDS)', () => {
  it('takes stream id and network from the first event, warns, then enforces them', () => {
    const lines: string[] = [];
    const log = createLogger({ service: 't', level: 'debug', write: (l) => lines.push(l) });
    const guard = createIdentityGuard({ peerId: 'peer' }, null, log);
    expect(guard.identity()).toBeUndefined();
    expect(guard.check(env('peer', 'unittests', 's1'), 0)).toEqual({ peerId: 'peer', network: 'unittests', streamId: 's1' });
    expect(lines.join('\n')).toMatch(/development only/);
    expect(thrown(() => guard.check(env('peer', 'unittests', 's2'), 1)).field).toBe('stream_id');
  });

  it('still refuses a peer that differs from the one the node reported on /v1a/status', () => {
    const guard = createIdentityGuard({ peerId: 'peer' }, null, silentLogger);
    expect(thrown(() => guard.check(env('impostor', 'unittests', 's1'), 0)).field).toBe('peer_id');
  });

  it('refuses a learned identity that differs from the database', () => {
    const guard = createIdentityGuard({ peerId: 'peer' }, { peerId: 'peer', network: 'unittests', streamId: 'old' }, silentLogger);
    const err = thrown(() => guard.check(env('peer', 'unittests', 'new'), 0));
    expect(err).toMatchObject({ field: 'stream_id', origin: 'database', expected: 'new', received: 'old' });
  });
});

describe('database identity', () => {
  it('accepts a database synced from the configured stream', () => {
    expect(() => checkDatabaseIdentity(expected, expected)).not.toThrow();
  });

  it('refuses a database synced from another stream, saying what to do', () => {
    const err = thrown(() => checkDatabaseIdentity({ ...expected, streamId: 'older' }, expected));
    expect(err).toMatchObject({ field: 'stream_id', origin: 'database', expected: 'stream', received: 'older' });
    expect(err.message).toMatch(/database was synced from stream_id "older" but the daemon is configured for "stream"/);
  });

  it('refuses another peer or network', () => {
    expect(thrown(() => checkDatabaseIdentity({ ...expected, peerId: 'p2' }, expected)).field).toBe('peer_id');
    expect(thrown(() => checkDatabaseIdentity({ ...expected, network: 'testnet' }, expected)).field).toBe('network');
  });

  it('accepts a row that predates identity tracking (empty values)', () => {
    expect(() => checkDatabaseIdentity({ peerId: '', network: '', streamId: '' }, expected)).not.toThrow();
  });
});

describe('event id sequence', () => {
  it('expects 0 first on a never-synced database', () => {
    expect(classifyEventId(0, undefined)).toBe('next');
    expect(classifyEventId(1, undefined)).toBe('gap');
  });

  it('classifies ids at or below the last one as duplicates and skipped ids as a gap', () => {
    expect(classifyEventId(6, 5)).toBe('next');
    expect(classifyEventId(5, 5)).toBe('duplicate');
    expect(classifyEventId(2, 5)).toBe('duplicate');
    expect(classifyEventId(7, 5)).toBe('gap');
  });
});
