import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { serverConfig, createEmptyDatabase } from '@wallet-service/common/testing/database';
import { closedPort, envFor, errorLines, REPO_ROOT, sequelizeCli, tablesOf } from './run';

const DB_VARS = ['DB_ENDPOINT', 'DB_PORT', 'DB_USER', 'DB_PASS', 'DB_NAME'];

describe('sequelize-cli with a bad connection or bad settings', () => {
  const server = serverConfig();

  it.each(['db:migrate', 'db:seed:all'])('%s on an unreachable port: one line naming host, port, user and the refusal, exit 1', async (command) => {
    const port = await closedPort();
    const result = await sequelizeCli(command, envFor(server, { DB_PORT: String(port) }));
    expect(result.code).toBe(1);
    expect(errorLines(result)).toEqual([
      `cannot connect to MySQL at ${server.DB_ENDPOINT}:${port} as user '${server.DB_USER}': connection refused (is the server running?)`,
    ]);
  });

  it.each(['db:migrate', 'db:seed:all'])('%s as a wrong user: one line naming host, port, user and "access denied", exit 1', async (command) => {
    const user = `nobody_${process.pid}`;
    const result = await sequelizeCli(command, envFor(server, { DB_USER: user, DB_PASS: 'wrong' }));
    expect(result.code).toBe(1);
    expect(errorLines(result)).toEqual([
      `cannot connect to MySQL at ${server.DB_ENDPOINT}:${server.DB_PORT} as user '${user}': access denied (check DB_USER and DB_PASS)`,
    ]);
  });

  it('DB_PORT=abc is rejected naming the variable, before any connection', async () => {
    const result = await sequelizeCli('db:migrate', envFor(server, { DB_PORT: 'abc' }));
    expect(result.code).toBe(2);
    expect(errorLines(result)).toEqual([
      'configuration error: DB_PORT="abc" is invalid (expected a TCP port number (1-65535))',
    ]);
  });

  it('a database that does not exist is named in one line', async () => {
    const result = await sequelizeCli('db:migrate', envFor(server, { DB_NAME: `missing_${process.pid}` }));
    expect(result.code).toBe(1);
    expect(errorLines(result)).toHaveLength(1);
    expect(errorLines(result)[0]).toContain(`cannot use database 'missing_${process.pid}'`);
  });
});

describe('sequelize-cli reading only a .env file', () => {
  // A project directory of its own (its .sequelizerc points at this repository's db/), so the test can
  // write a .env without touching the developer's, and no DB_* comes from the environment.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dotenv-cli-'));
    writeFileSync(path.join(dir, '.sequelizerc'), `module.exports = require(${JSON.stringify(path.join(REPO_ROOT, '.sequelizerc'))});\n`);
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const withoutDbVars = () => envFor(null, Object.fromEntries(DB_VARS.map((v) => [v, undefined])));

  it('migrates the database the .env names', async () => {
    const db = await createEmptyDatabase('dotenv');
    try {
      const c = db.config;
      writeFileSync(
        path.join(dir, '.env'),
        `DB_ENDPOINT=${c.DB_ENDPOINT}\nDB_PORT=${c.DB_PORT}\nDB_USER=${c.DB_USER}\nDB_PASS=${c.DB_PASS}\nDB_NAME=${c.DB_NAME}\n`,
      );
      const result = await sequelizeCli('db:migrate', withoutDbVars(), dir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(await tablesOf(c)).toContain('tx_output');
    } finally {
      await db.drop();
    }
  });

  it('rejects DB_PORT=abc in .env naming the variable', async () => {
    writeFileSync(path.join(dir, '.env'), 'DB_PORT=abc\n');
    const result = await sequelizeCli('db:migrate', withoutDbVars(), dir);
    expect(result.code).toBe(2);
    expect(errorLines(result)).toEqual([
      'configuration error: DB_PORT="abc" is invalid (expected a TCP port number (1-65535))',
    ]);
  });
});
