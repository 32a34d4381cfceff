import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@wallet-service/common';
import type { SyncState } from './contract';
import type { Metrics } from './metrics';
import type { SyncSnapshot, SyncTracker } from './tracker';

export interface HealthLimits {
  /** Not streaming for longer than this is unhealthy. */
  maxDisconnectedMs: number;
  /** A batch in flight for longer than this is unhealthy. */
  stuckMs: number;
  /** Streaming without any event for this long while behind the node is unhealthy (stalled). */
  idleMs: number;
}

export type UnhealthyReason = 'stuck' | 'idle' | 'disconnected' | 'error' | 'stopping' | 'stopped';

export interface HealthReport {
  healthy: boolean;
  reason?: UnhealthyReason;
  state: SyncState;
  detail?: string;
  lastEventId: number | null;
  latestEventId: number | null;
  lag: number | null;
  lagSeconds: number | null;
  eventsPerSecond: number;
  /** Seconds since the daemon started. */
  uptime: number;
}

/**
 * Healthy = syncing normally: streaming and neither stuck nor stalled, or briefly between connections.
 * A silent stream is healthy while caught up (a quiet network is not a fault) and unhealthy ('idle')
 * while behind the node's latest_event_id, where silence means nothing is making progress.
 */
export function judgeHealth(s: SyncSnapshot, lag: number | null, limits: HealthLimits, now: number): UnhealthyReason | null {
  switch (s.state) {
    case 'error':
    case 'stopping':
    case 'stopped':
      return s.state;
    case 'streaming':
      if (s.batchStartedAt !== null && now - s.batchStartedAt > limits.stuckMs) return 'stuck';
      if (lag !== null && lag > 0 && s.lastActivityAt !== null && now - s.lastActivityAt >= limits.idleMs) return 'idle';
      return null;
    case 'initializing':
    case 'connecting':
    case 'reconnecting':
      return s.disconnectedSince !== null && now - s.disconnectedSince > limits.maxDisconnectedMs ? 'disconnected' : null;
  }
}

export function healthReport(tracker: SyncTracker, limits: HealthLimits, now = Date.now()): HealthReport {
  const s = tracker.snapshot();
  const lag = tracker.lag();
  const reason = judgeHealth(s, lag, limits, now);
  return {
    healthy: reason === null,
    ...(reason === null ? {} : { reason }),
    state: s.state,
    ...(s.stateDetail === undefined ? {} : { detail: s.stateDetail }),
    lastEventId: s.lastEventId,
    latestEventId: s.latestEventId,
    lag,
    lagSeconds: roundOrNull(tracker.lagSeconds()),
    eventsPerSecond: Math.round(tracker.eventsPerSecond() * 10) / 10,
    uptime: Math.floor((now - s.startedAt) / 1000),
  };
}

const roundOrNull = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export interface HealthServerOptions {
  port: number;
  /** Default: all interfaces (the compose healthcheck and Prometheus reach it from outside). */
  host?: string;
  tracker: SyncTracker;
  limits: HealthLimits;
  metrics: Metrics;
  log: Logger;
}

export interface HealthServer {
  /** Listens; rejects with a message naming the port when it is taken. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The bound port (useful when started on port 0). */
  port(): number;
}

export function createHealthServer(o: HealthServerOptions): HealthServer {
  const log = o.log.child({ component: 'health' });
  let server: Server | null = null;

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/health' && path !== '/metrics') {
      send(res, 404, 'application/json', JSON.stringify({ error: `no route ${path}; try /health or /metrics` }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(res, 405, 'application/json', JSON.stringify({ error: `${req.method} not allowed on ${path}` }));
      return;
    }
    if (path === '/health') {
      const report = healthReport(o.tracker, o.limits);
      send(res, report.healthy ? 200 : 503, 'application/json', JSON.stringify(report));
      return;
    }
    send(res, 200, o.metrics.contentType, await o.metrics.render());
  };

  return {
    start() {
      const srv = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => {
          log.error('health request failed', { err, url: req.url });
          if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
          else res.destroy();
        });
      });
      return new Promise<void>((resolve, reject) => {
        srv.once('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'EADDRINUSE') {
            reject(new Error(`HEALTH_PORT ${o.port} is already in use: another process listens there (choose another HEALTH_PORT)`, { cause: err }));
          } else if (err.code === 'EACCES') {
            reject(new Error(`HEALTH_PORT ${o.port} cannot be opened: permission denied`, { cause: err }));
          } else {
            reject(new Error(`health server could not listen on port ${o.port}: ${err.message}`, { cause: err }));
          }
        });
        srv.listen(o.port, o.host, () => {
          server = srv;
          log.info('health and metrics listening', { port: (srv.address() as AddressInfo).port, paths: ['/health', '/metrics'] });
          resolve();
        });
      });
    },
    stop() {
      const srv = server;
      server = null;
      if (!srv) return Promise.resolve();
      return new Promise<void>((resolve) => {
        srv.close(() => resolve());
        srv.closeAllConnections();
      });
    },
    port() {
      if (!server) throw new Error('health server is not listening');
      return (server.address() as AddressInfo).port;
    },
  };
}
