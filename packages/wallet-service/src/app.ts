import { createLogger, createPool, type Logger, type Pool } from '@wallet-service/common';
import { createProofMemo, type ProofMemo } from './auth/proofMemo';
import { parseApiConfig, type ApiConfig } from './config';
import { httpFullNode, type FullNode } from './fullnode/client';
import { createLoadInvoker, type LoadInvoker } from './load/invoker';
import { createRouteMetrics, type RouteMetrics } from './ops/metrics';
import { managementApiSender, type WsSender } from './ws/sender';

/**
 * Everything a handler depends on, built once per Lambda container from the configuration and passed to
 * every route: nothing is created at import, and tests build their own with a real database and, where
 * they need one, a pinned clock or another full node.
 */
export interface App {
  config: ApiConfig;
  pool: Pool;
  log: Logger;
  /** Unix seconds. */
  clock: () => number;
  fullNode: FullNode;
  loadInvoker: LoadInvoker;
  metrics: RouteMetrics;
  /** Outcomes of the full tokens' embedded proofs the authorizer checked in this container. */
  proofs: ProofMemo;
  /** Frames to websocket connections (the queue consumer's only way out). */
  wsSender: WsSender;
}

export type AppOverrides = Partial<Omit<App, 'config'>>;

export function createApp(config: ApiConfig, overrides: AppOverrides = {}): App {
  const log = overrides.log ?? createLogger({ service: 'wallet-service', level: config.LOG_LEVEL });
  const pool =
    overrides.pool ??
    createPool(config, {
      connectionLimit: config.DB_POOL_SIZE,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: config.DB_IDLE_TIMEOUT_MS,
    });
  const app: App = {
    config,
    pool,
    log,
    clock: overrides.clock ?? (() => Math.floor(Date.now() / 1000)),
    fullNode: overrides.fullNode ?? httpFullNode(config.DEFAULT_SERVER, config.FULLNODE_TIMEOUT_MS),
    metrics: overrides.metrics ?? createRouteMetrics(config.METRICS_FLUSH_INTERVAL_MS, log),
    proofs: overrides.proofs ?? createProofMemo(config.AUTH_PROOF_CACHE_SIZE),
    wsSender: overrides.wsSender ?? managementApiSender(config),
    // Replaced below once `app` exists: the in-process invoker runs the load against this same app.
    loadInvoker: { invoke: () => Promise.reject(new Error('load invoker not ready')) },
  };
  app.loadInvoker = overrides.loadInvoker ?? createLoadInvoker(app);
  return app;
}

let shared: App | undefined;

/** The container's app, built from process.env on first use (a bad setting fails that first request). */
export function containerApp(): App {
  shared ??= createApp(parseApiConfig(process.env));
  return shared;
}

/** Ends the container app's pool (a process that embeds the handlers, or a test, shutting down). */
export async function closeContainerApp(): Promise<void> {
  const app = shared;
  shared = undefined;
  await app?.pool.end();
}
