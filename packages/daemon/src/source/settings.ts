import { ConfigError, env, type ConfigOf } from '@wallet-service/common';
import type { BackoffSettings } from './backoff';

/**
 * Settings of the stream side: where the node is, which stream we follow, and how patiently. Names follow
 * what operators of the upstream daemon already use (FULLNODE_HOST, USE_SSL, FULLNODE_PEER_ID…); WS_URL is
 * the direct form and wins when both are set.
 */
export const sourceSpec = {
  /** The node's event websocket, e.g. ws://127.0.0.1:8080/v1a/event_ws. */
  WS_URL: env.optionalUrl(['ws:', 'wss:']),
  /** host[:port] of the node without scheme; its HTTP API (and the websocket when WS_URL is unset). */
  FULLNODE_HOST: env.optionalString(),
  USE_SSL: env.bool(false),
  FULLNODE_PEER_ID: env.optionalString(),
  FULLNODE_STREAM_ID: env.optionalString(),
  /** Development only: take the peer id from the node and stream id/network from its first event. */
  FETCH_FULLNODE_IDS: env.bool(false),
  ACK_TIMEOUT_MS: env.int(20_000, 10),
  WS_PING_INTERVAL_MS: env.int(5_000, 10),
  WS_PONG_TIMEOUT_MS: env.int(30_000, 10),
  WS_CONNECT_TIMEOUT_MS: env.int(10_000, 10),
  RECONNECT_BASE_DELAY_MS: env.int(1_000, 1),
  RECONNECT_MAX_DELAY_MS: env.int(30_000, 1),
  RECONNECT_RESET_AFTER_MS: env.int(60_000, 0),
  FULLNODE_HTTP_TIMEOUT_MS: env.int(10_000, 10),
};

export type SourceConfig = ConfigOf<typeof sourceSpec>;

/** Which stream the events must come from; an undefined field is learned from the node (FETCH_FULLNODE_IDS). */
export interface ExpectedIdentity {
  peerId?: string;
  streamId?: string;
  network?: string;
}

/** Everything the source needs, resolved from the raw settings. */
export interface SourceSettings {
  wsUrl: string;
  /** Origin (plus any path prefix) of the node's HTTP API, without the trailing /v1a. */
  httpBase: string;
  fetchIds: boolean;
  ackTimeoutMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  connectTimeoutMs: number;
  httpTimeoutMs: number;
  reconnect: BackoffSettings;
}

const EVENT_WS_PATH = '/v1a/event_ws';

/** ws → http, wss → https, same host:port; a path prefix before /v1a/event_ws (a proxy) is kept. */
export function httpBaseFromWsUrl(wsUrl: string): string {
  const url = new URL(wsUrl);
  const scheme = url.protocol === 'wss:' ? 'https:' : 'http:';
  const path = url.pathname.endsWith(EVENT_WS_PATH) ? url.pathname.slice(0, -EVENT_WS_PATH.length) : '';
  return `${scheme}//${url.host}${path.replace(/\/+$/, '')}`;
}

function hostUrl(scheme: string, host: string, variable: string): string {
  const text = `${scheme}://${host.replace(/\/+$/, '')}`;
  try {
    new URL(text);
  } catch {
    throw new ConfigError(variable, 'host[:port] without scheme, e.g. node.example.com:8080', host);
  }
  return text;
}

/** Throws ConfigError naming the variable when the combination of settings is unusable. */
export function resolveSource(c: SourceConfig): SourceSettings {
  if (c.WS_URL === undefined && c.FULLNODE_HOST === undefined) {
    throw new ConfigError('WS_URL', `the node's event websocket, e.g. ws://host:8080${EVENT_WS_PATH} (or set FULLNODE_HOST)`, undefined);
  }
  if (!c.FETCH_FULLNODE_IDS) {
    if (c.FULLNODE_PEER_ID === undefined) {
      throw new ConfigError('FULLNODE_PEER_ID', "the node's peer id (or FETCH_FULLNODE_IDS=true, development only)", undefined);
    }
    if (c.FULLNODE_STREAM_ID === undefined) {
      throw new ConfigError('FULLNODE_STREAM_ID', "the node's event stream id (or FETCH_FULLNODE_IDS=true, development only)", undefined);
    }
  }
  if (c.RECONNECT_MAX_DELAY_MS < c.RECONNECT_BASE_DELAY_MS) {
    throw new ConfigError('RECONNECT_MAX_DELAY_MS', `an integer >= RECONNECT_BASE_DELAY_MS (${c.RECONNECT_BASE_DELAY_MS})`, String(c.RECONNECT_MAX_DELAY_MS));
  }
  const wsUrl = c.WS_URL ?? `${hostUrl(c.USE_SSL ? 'wss' : 'ws', c.FULLNODE_HOST ?? '', 'FULLNODE_HOST')}${EVENT_WS_PATH}`;
  const httpBase =
    c.FULLNODE_HOST !== undefined ? hostUrl(c.USE_SSL ? 'https' : 'http', c.FULLNODE_HOST, 'FULLNODE_HOST') : httpBaseFromWsUrl(wsUrl);
  return {
    wsUrl,
    httpBase,
    fetchIds: c.FETCH_FULLNODE_IDS,
    ackTimeoutMs: c.ACK_TIMEOUT_MS,
    pingIntervalMs: c.WS_PING_INTERVAL_MS,
    pongTimeoutMs: c.WS_PONG_TIMEOUT_MS,
    connectTimeoutMs: c.WS_CONNECT_TIMEOUT_MS,
    httpTimeoutMs: c.FULLNODE_HTTP_TIMEOUT_MS,
    reconnect: {
      baseMs: c.RECONNECT_BASE_DELAY_MS,
      maxMs: c.RECONNECT_MAX_DELAY_MS,
      resetAfterMs: c.RECONNECT_RESET_AFTER_MS,
    },
  };
}
