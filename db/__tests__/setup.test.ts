import { serverConfig, uniqueDatabaseName } from '@wallet-service/common/testing/database';
import { ALL_TABLES } from '@wallet-service/common';
import { closedPort, envFor, errorLines, runNode, SETUP_SCRIPT, tablesOf, withConnection } from './run';

describe('yarn db:setup (db/scripts/setup.js)', () => {
  const server = serverConfig();
  const config = { ...server, DB_NAME: uniqueDatabaseName('setup') };
  const setup = (args: string[] = [], overrides: Record<string, string> = {}) =>
    runNode(SETUP_SCRIPT, args, envFor(config, overrides));

  afterAll(async () => {
    await withConnection(server, (conn) => conn.query(`DROP DATABASE IF EXISTS \`${config.DB_NAME}\``), { database: false });
  });

  it('creates the missing database, migrates it and seeds HTR, in short lines', async () => {
    const result = await setup();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`created database ${config.DB_NAME} on ${config.DB_ENDPOINT}:${config.DB_PORT}`);
    expect(lines[1]).toMatch(/^applied \d+ migration\(s\), newest \d+-[\w-]+\.js$/);
    expect(lines[2]).toBe('seeded HTR token (transactions = 0)');
    expect(lines).toHaveLength(3);
    expect(await tablesOf(config)).toEqual([...ALL_TABLES, 'SequelizeMeta'].sort());
  });

  it('a second run changes nothing and says so', async () => {
    const result = await setup();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`database ${config.DB_NAME} on ${config.DB_ENDPOINT}:${config.DB_PORT} already exists`);
    expect(result.stdout).toMatch(/migrations up to date \(newest /);
    const [rows] = await withConnection(config, (conn) => conn.query("SELECT COUNT(*) AS n FROM token WHERE id = '00'"));
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('an unreachable server is one clear line and exit 1', async () => {
    const port = await closedPort();
    const result = await setup([], { DB_PORT: String(port) });
    expect(result.code).toBe(1);
    expect(errorLines(result)).toEqual([
      `cannot connect to MySQL at ${config.DB_ENDPOINT}:${port} as user '${config.DB_USER}': connection refused (is the server running?)`,
    ]);
  });

  it('--wait retries an unreachable server for the given time, then gives up with the same line', async () => {
    const port = await closedPort();
    const started = Date.now();
    const result = await setup(['--wait', '2'], { DB_PORT: String(port) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`waiting up to 2 s for MySQL at ${config.DB_ENDPOINT}:${port}`);
    expect(errorLines(result)).toHaveLength(1);
  });

  it('--wait does not retry wrong credentials', async () => {
    const started = Date.now();
    const result = await setup(['--wait', '30'], { DB_USER: `nobody_${process.pid}`, DB_PASS: 'wrong' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    expect(errorLines(result)[0]).toContain('access denied');
  });
});
