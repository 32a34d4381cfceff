import { assertSchemaCurrent, createLogger, createPool, dbSpec, describeDbError, env, loadConfigOrExit } from '@wallet-service/common';
import { alertSenderFor, opsSpec } from '../ops';
import { verify, type VerifyReport } from './run';

/**
 * `yarn workspace daemon verify`: audits a live database. Prints one JSON line per difference and a
 * summary; when anything differs it also raises a major alert (ALERT_QUEUE_URL, as the daemon does).
 * Exit codes: 0 all agree, 1 differences found, 2 a configuration or connection problem.
 */
function differenceCount(report: VerifyReport): number {
  return report.differences.length + Object.values(report.truncated).reduce((a, b) => a + b, 0);
}

async function main(): Promise<number> {
  const config = loadConfigOrExit({ ...dbSpec, ...opsSpec, NETWORK: env.optionalString(), VERIFY_LIMIT: env.int(1000, 1) });
  const log = createLogger({ service: 'daemon-verify', level: config.LOG_LEVEL });
  const pool = createPool(config, { connectionLimit: 1 });
  const alerts = alertSenderFor(config, log);
  try {
    await assertSchemaCurrent(pool, config.DB_NAME);
    const started = Date.now();
    const report = await verify(pool, { limit: config.VERIFY_LIMIT });
    for (const d of report.differences) log.error('difference', { check: d.check, ...d.row });
    for (const [check, more] of Object.entries(report.truncated)) log.error('more differences not listed', { check, more });
    const total = differenceCount(report);
    log.info('verify finished', { checks: report.checks, differences: total, durationMs: Date.now() - started });
    if (total > 0) {
      const byCheck: Record<string, number> = {};
      for (const d of report.differences) byCheck[d.check] = (byCheck[d.check] ?? 0) + 1;
      for (const [check, more] of Object.entries(report.truncated)) byCheck[check] = (byCheck[check] ?? 0) + more;
      alerts.send({
        title: 'Wallet service database differs from its own data',
        message: `verify found ${total} difference(s) in database ${config.DB_NAME}`,
        severity: 'major',
        metadata: { database: config.DB_NAME, differences: byCheck },
      });
    }
    return total === 0 ? 0 : 1;
  } catch (err) {
    const code = (err as { code?: string }).code;
    log.fatal(code ? describeDbError(err, config) : (err as Error).message);
    return 2;
  } finally {
    await alerts.close(10_000);
    await pool.end();
  }
}

// What main does not catch itself (its setup, the cleanup in its finally) is a configuration or connection
// problem: exit code 2. Left unhandled, the rejection would exit with 1, which says differences were found.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`verify failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
