import type { EventLog } from './event-log';
import { errorReply, jsonReply, type HttpReply, type HttpRoute } from './http';
import type { DagStatus } from './node-api/dag-status';
import type { VersionInfo } from './version';

/** Page size limits of the node's GET /v1a/event. */
export const EVENT_PAGE_DEFAULT = 100;
export const EVENT_PAGE_MAX = 1000;

const UINT = /^\d+$/;

function intParam(url: URL, name: string): number | undefined | { error: string } {
  const text = url.searchParams.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!UINT.test(text) || !Number.isSafeInteger(value)) return { error: `${name} must be a non-negative integer, got ${JSON.stringify(text)}` };
  return value;
}

/** GET /v1a/event?last_ack_event_id=X&size=N → {events, latest_event_id}; events start at X + 1 (or 0). */
export function eventsRoute(log: EventLog): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/event',
    handle(url): HttpReply {
      const lastAck = intParam(url, 'last_ack_event_id');
      const size = intParam(url, 'size') ?? EVENT_PAGE_DEFAULT;
      if (typeof lastAck === 'object') return errorReply(400, lastAck.error);
      if (typeof size === 'object') return errorReply(400, size.error);
      if (size > EVENT_PAGE_MAX) return errorReply(400, `size must be between 0 and ${EVENT_PAGE_MAX}, got ${size}`);
      const latest = log.latestId;
      if (lastAck !== undefined && (latest === null || lastAck > latest)) {
        return errorReply(404, `event ${lastAck} not found (latest event id is ${latest ?? 'none'})`);
      }
      const events = log.slice(lastAck === undefined ? 0 : lastAck + 1, size);
      return { status: 200, body: `{"events":[${events.join(',')}],"latest_event_id":${latest ?? 'null'}}` };
    },
  };
}

export function versionRoute(version: () => VersionInfo): HttpRoute {
  return { method: 'GET', path: '/v1a/version', handle: () => jsonReply(version()) };
}

export interface StatusSource {
  peerId: string;
  network: string;
  startedAt: number;
  /** Timestamp (unix seconds) of the genesis block, when known. */
  firstTimestamp: number | null;
  /** The chain fields of `dag` (best block, tips, latest timestamp) from the known vertices. */
  dag?: () => DagStatus;
}

/** GET /v1a/status, shaped like the node's; this stand-in has no peers. */
export function statusRoute(source: StatusSource, version: () => VersionInfo): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/status',
    handle: () =>
      jsonReply({
        server: {
          id: source.peerId,
          app_version: `Hathor v${version().version}`,
          state: 'READY',
          network: source.network,
          uptime: (Date.now() - source.startedAt) / 1000,
          entrypoints: [],
        },
        peers_whitelist: [],
        known_peers: [],
        connections: { connected_peers: [], handshaking_peers: [], connecting_peers: [] },
        dag: {
          first_timestamp: source.firstTimestamp,
          ...(source.dag?.() ?? { latest_timestamp: Math.floor(Date.now() / 1000) }),
        },
      }),
  };
}
