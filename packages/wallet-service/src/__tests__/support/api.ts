import { dbEnv, silentLogger, type Pool } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { createApp, type App, type AppOverrides } from '../../app';
import { parseApiConfig } from '../../config';

/** A secret only tests use (tokens signed with it mean nothing elsewhere). */
export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestApi {
  db: TestDatabase;
  app: App;
  /** A second app on the same database with other settings (another secret, a pinned clock …). */
  withApp(env: Record<string, string>, overrides?: AppOverrides): App;
  close(): Promise<void>;
}

export function testEnv(db: { config: TestDatabase['config'] }, env: Record<string, string> = {}): Record<string, string> {
  return {
    ...dbEnv(db.config),
    NETWORK: 'mainnet',
    AUTH_SECRET: TEST_SECRET,
    WALLET_LOAD_INVOKER: 'in-process',
    METRICS_FLUSH_INTERVAL_MS: '0',
    LOG_LEVEL: 'fatal',
    ...env,
  };
}

/** A migrated database of its own and an app on it (same code path as a Lambda container's). */
export async function createTestApi(prefix: string, env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<TestApi> {
  const db = await createTestDatabase(`api_${prefix}`);
  const apps: App[] = [];
  const make = (e: Record<string, string>, o: AppOverrides) => {
    const app = createApp(parseApiConfig(testEnv(db, { ...env, ...e })), { log: silentLogger, ...overrides, ...o });
    apps.push(app);
    return app;
  };
  const app = make({}, {});
  return {
    db,
    app,
    withApp: make,
    async close() {
      for (const a of apps) if (a.pool !== db.pool) await a.pool.end();
      await db.drop();
    },
  };
}

export async function rows<T>(pool: Pool, sql: string, params: unknown[] = []): Promise<T[]> {
  const [r] = await pool.query(sql, params);
  return r as T[];
}
