import { createLogger, createPool, dbSpec, describeDbError, loadConfigOrExit, assertSchemaCurrent, env } from '@wallet-service/common';
import { verify } from './run';

/**
 * `yarn workspace daemon verify`: audits a live database. Prints one JSON line per difference and a
 * summary; exits 1 when anything differs, 2 on a configuration or connection problem, 0 when all agree.
 */
async function main(): Promise<number> {
  const config = loadConfigOrExit({ ...dbSpec, VERIFY_LIMIT: env.int(1000, 1), LOG_LEVEL: env.oneOf(['debug', 'info', 'warn', 'error'], 'info') });
  const log = createLogger({ service: 'daemon-verify', level: config.LOG_LEVEL });
  const pool = createPool(config, { connectionLimit: 1 });
  try {
    await assertSchemaCurrent(pool, config.DB_NAME);
    const started = Date.now();
    const report = await verify(pool, { limit: config.VERIFY_LIMIT });
    for (const d of report.differences) log.error('difference', { check: d.check, ...d.row });
    for (const [check, more] of Object.entries(report.truncated)) log.error('more differences not listed', { check, more });
    const total = report.differences.length + Object.values(report.truncated).reduce((a, b) => a + b, 0);
    log.info('verify finished', { checks: report.checks, differences: total, durationMs: Date.now() - started });
    return total === 0 ? 0 : 1;
  } catch (err) {
    const code = (err as { code?: string }).code;
    log.fatal(code ? describeDbError(err, config) : (err as Error).message);
    return 2;
  } finally {
    await pool.end();
  }
}

main().then((code) => process.exit(code));
