import { createServer, type Server } from 'http';
import type { AddressInfo, Socket } from 'net';
import { createLogger, type Logger } from '@wallet-service/common';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventStream } from '../stream';
import { EventConnection, type BeforeSend } from './connection';
import { DEFAULT_HOST, EVENT_WS_PATH } from './defaults';
import { EnvelopeBuilder } from './envelope';
import { EventLog } from './event-log';
import { createRequestHandler, type HttpRoute } from './http';
import { dagStatus } from './node-api/dag-status';
import { nodeApiRoutes } from './node-api/routes';
import { VertexIndex } from './node-api/vertex-index';
import { eventsRoute, statusRoute, versionRoute } from './routes';
import { buildVersionInfo, findGenesis, type VersionInfo } from './version';

export interface SimulatorOptions {
  /** What to serve. */
  stream: EventStream;
  /** 0 or undefined = a random free port. */
  port?: number;
  host?: string;
  /** Envelope overrides (default: stream.meta). */
  peerId?: string;
  network?: string;
  streamId?: string;
  /** Reported on /v1a/version (default: stream.meta). */
  rewardSpendMinBlocks?: number;
  /** Optional pacing, per connection. */
  eventsPerSecond?: number;
  /** Fault injection for tests, consulted before every event frame. */
  beforeSend?: BeforeSend;
  /** Other /v1a/version fields to report differently. */
  version?: Partial<VersionInfo>;
  /** Extra HTTP routes (e.g. a live mode's push_tx). */
  routes?: HttpRoute[];
  /**
   * Index the vertices for the node-API routes in the background from the start, instead of on their first
   * request. Off by default: a benchmark serving a huge stream to a daemon that never asks pays nothing.
   */
  indexInBackground?: boolean;
  logger?: Logger;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:12345 */
  httpUrl: string;
  /** e.g. ws://127.0.0.1:12345/v1a/event_ws */
  wsUrl: string;
  port: number;
  /** Open websocket clients. */
  connections(): number;
  /** Terminate every client socket abruptly (no close handshake). */
  dropConnections(): void;
  /** Add events at the end; active streams pick them up. Each event's id must continue the sequence. */
  append(eventsRaw: string[]): void;
  close(): Promise<void>;
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function rejectUpgrade(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts a stand-in full node serving `stream` over /v1a/event_ws and the node's read-only HTTP API. The
 * vertex index behind the node-API routes is built on their first request and then follows appends.
 */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const { meta } = opts.stream;
  const logger = opts.logger ?? createLogger({ service: 'fullnode-simulator', level: 'warn' });
  const ids = {
    peerId: opts.peerId ?? meta.peerId,
    network: opts.network ?? meta.network,
    streamId: opts.streamId ?? meta.streamId,
  };
  const log = new EventLog(opts.stream.events);
  const genesis = findGenesis(opts.stream.events);
  const versionInfo = buildVersionInfo(ids.network, opts.rewardSpendMinBlocks ?? meta.rewardSpendMinBlocks, genesis, opts.version);
  const version = () => versionInfo;
  const vertices = new VertexIndex(log, { rewardSpendMinBlocks: versionInfo.reward_spend_min_blocks });
  const status = {
    peerId: ids.peerId,
    network: ids.network,
    startedAt: Date.now(),
    firstTimestamp: genesis.blockTimestamp,
    dag: () => dagStatus(vertices),
  };
  const routes = [
    versionRoute(version),
    eventsRoute(log),
    statusRoute(status, version),
    ...nodeApiRoutes(vertices, version),
    ...(opts.routes ?? []),
  ];

  const server = createServer(createRequestHandler(routes, logger));
  const wss = new WebSocketServer({ noServer: true });
  const envelope = new EnvelopeBuilder(ids);
  const live = new Set<EventConnection>();
  let nextConnectionId = 1;

  server.on('upgrade', (req, socket: Socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== EVENT_WS_PATH) return rejectUpgrade(socket, '404 Not Found');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const conn = new EventConnection(nextConnectionId++, ws, {
        log,
        envelope,
        beforeSend: opts.beforeSend,
        eventsPerSecond: opts.eventsPerSecond,
        logger,
      });
      live.add(conn);
      logger.debug('client connected', { connection: conn.id });
      ws.on('message', (data) => conn.handleMessage(frameText(data)));
      ws.on('close', () => {
        conn.dispose();
        live.delete(conn);
        logger.debug('client disconnected', { connection: conn.id });
      });
      ws.on('error', (err) => logger.debug('client socket error', { connection: conn.id, err }));
    });
  });
  const unsubscribe = log.onAppend(() => live.forEach((conn) => conn.notify()));

  const host = opts.host ?? DEFAULT_HOST;
  const port = await listen(server, opts.port ?? 0, host);
  if (opts.indexInBackground) {
    const began = Date.now();
    vertices.catchUp().then(
      () => logger.info('vertices indexed', { vertices: vertices.size, skippedEvents: vertices.skipped, ms: Date.now() - began }),
      (err: unknown) => logger.error('indexing vertices failed', { err }),
    );
  }
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;

  const dropConnections = () => {
    for (const conn of live) conn.terminate();
    live.clear();
  };

  return {
    httpUrl: `http://${authority}`,
    wsUrl: `ws://${authority}${EVENT_WS_PATH}`,
    port,
    connections: () => live.size,
    dropConnections,
    append: (eventsRaw) => log.append(eventsRaw),
    close: async () => {
      unsubscribe();
      vertices.close();
      dropConnections();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
