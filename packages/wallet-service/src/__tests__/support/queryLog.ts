import type { Pool } from '@wallet-service/common';

/**
 * A pool that notes every statement sent through it or through a connection it hands out, with its
 * parameters: what the API actually issued during a run, rather than a list kept by hand.
 */
export interface Statement {
  sql: string;
  params: unknown;
}

type QueryFn = (sql: string | { sql: string }, values?: unknown) => Promise<unknown>;

function recording<T extends object>(target: T, log: Statement[], wrapConnection: boolean): T {
  return new Proxy(target, {
    get(t, key) {
      const value = Reflect.get(t, key, t) as unknown;
      if (key === 'query' || key === 'execute') {
        const fn = value as QueryFn;
        return (sql: string | { sql: string }, values?: unknown) => {
          log.push({ sql: typeof sql === 'string' ? sql : sql.sql, params: values });
          return fn.call(t, sql, values);
        };
      }
      if (wrapConnection && key === 'getConnection') {
        return async () => recording(await (value as () => Promise<object>).call(t), log, false);
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}

export function recordingPool(pool: Pool, log: Statement[]): Pool {
  return recording(pool, log, true);
}
