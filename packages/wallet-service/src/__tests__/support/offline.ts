import type { DbConfig } from '@wallet-service/common';
import { startOfflineProcess, type OfflineProcess } from '../../offline/process';
import { testEnv } from './api';

/**
 * The API as it runs offline: `yarn workspace wallet-service start` (scripts/offline.cjs → bundle →
 * serverless offline) as a child process on free ports, against a test database, the wallet load
 * invoked through offline's Lambda port as it is deployed.
 */
export type Offline = OfflineProcess;

export async function startOffline(db: { config: DbConfig }, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<Offline> {
  return startOfflineProcess({ env: testEnv(db, { WALLET_LOAD_INVOKER: 'lambda', LOG_LEVEL: 'info', ...env }), timeoutMs });
}
