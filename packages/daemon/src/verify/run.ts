import { selectRows, type Queryable } from '@wallet-service/common';
import { checks } from './checks';

export interface Difference {
  check: string;
  row: Record<string, unknown>;
}

export interface VerifyReport {
  differences: Difference[];
  /** Differences beyond `limit` per check are counted but not listed. */
  truncated: Record<string, number>;
  checks: number;
}

/** Runs every check; read-only. At most `limit` differing rows are listed per check. */
export async function verify(db: Queryable, options: { now?: number; limit?: number } = {}): Promise<VerifyReport> {
  const limit = options.limit ?? 1000;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const report: VerifyReport = { differences: [], truncated: {}, checks: 0 };
  for (const check of checks(now)) {
    const list = await selectRows<Record<string, unknown>>(db, `SELECT * FROM (${check.sql}) diff LIMIT ${limit + 1}`);
    report.checks++;
    for (const row of list.slice(0, limit)) report.differences.push({ check: check.name, row });
    if (list.length > limit) {
      const [count] = await selectRows<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM (${check.sql}) diff`);
      report.truncated[check.name] = Number(count.n) - limit;
    }
  }
  return report;
}
