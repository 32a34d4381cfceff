import path from 'path';
import { ConfigError, dbSpec, loadEnv, parseConfig, type ConfigOf, type Env } from '@wallet-service/common';
import { checkOpsConfig, opsSpec } from './ops/settings';
import { outboxSpec } from './outbox/settings';
import { resolveSource, sourceSpec, type SourceSettings } from './source/settings';
import { syncSpec } from './sync/settings';

/** Every variable the daemon reads (keys are the variable names; .env.example lists them all). */
export const daemonSpec = { ...dbSpec, ...sourceSpec, ...syncSpec, ...opsSpec, ...outboxSpec };

export type DaemonConfig = Omit<ConfigOf<typeof daemonSpec>, 'FULLNODE_NETWORK'> & {
  FULLNODE_NETWORK: string;
  /** Derived from WS_URL / FULLNODE_HOST / USE_SSL. */
  source: SourceSettings;
};

/** Parses and cross-checks the settings; throws ConfigError naming the first bad variable. */
export function parseDaemonConfig(source: Env = process.env): DaemonConfig {
  const raw = parseConfig(daemonSpec, source);
  checkOpsConfig(raw);
  return { ...raw, FULLNODE_NETWORK: raw.FULLNODE_NETWORK ?? raw.NETWORK, source: resolveSource(raw) };
}

/** The repository root, seen from src/ or dist/. */
const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * The environment plus `.env` from the working directory and then from the repository root (`yarn
 * workspace daemon start` runs in packages/daemon); variables already set always win.
 */
export function loadDaemonEnv(): Env {
  loadEnv();
  return loadEnv(path.join(REPO_ROOT, '.env'));
}

/** For the entry point: a bad setting prints one line naming the variable and exits with code 2. */
export function loadDaemonConfigOrExit(source?: Env): DaemonConfig {
  try {
    return parseDaemonConfig(source ?? loadDaemonEnv());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`configuration error: ${err.message}\n`);
    process.exit(2);
  }
}
