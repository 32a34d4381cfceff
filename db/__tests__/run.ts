import { spawn } from 'child_process';
import { createServer } from 'net';
import path from 'path';
import mysql from 'mysql2/promise';
import { selectRows, type DbConfig } from '@wallet-service/common';

/** Runs the repository's real sequelize-cli and scripts as child processes, the way an operator would. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SEQUELIZE_CLI = require.resolve('sequelize-cli/lib/sequelize', { paths: [REPO_ROOT] });
export const SETUP_SCRIPT = path.join(REPO_ROOT, 'db', 'scripts', 'setup.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Vars = Record<string, string | undefined>;

/** The test process's environment with DB_* replaced; an `undefined` override removes the variable. */
export function envFor(cfg: DbConfig | null, overrides: Vars = {}): NodeJS.ProcessEnv {
  const env: Vars = { ...process.env, NODE_ENV: 'test' };
  if (cfg) {
    Object.assign(env, {
      DB_ENDPOINT: cfg.DB_ENDPOINT,
      DB_PORT: String(cfg.DB_PORT),
      DB_USER: cfg.DB_USER,
      DB_PASS: cfg.DB_PASS,
      DB_NAME: cfg.DB_NAME,
    });
  }
  Object.assign(env, overrides);
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

export function runNode(script: string, args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function sequelizeCli(command: string, env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Promise<RunResult> {
  return runNode(SEQUELIZE_CLI, [command], env, cwd);
}

/** Non-empty stderr lines: "one clear line" means exactly one. */
export function errorLines(result: RunResult): string[] {
  return result.stderr.split('\n').filter((l) => l.trim() !== '');
}

/** A local TCP port nothing listens on (bound and released by the OS a moment ago). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A connection to cfg.DB_NAME, or to the server without a default database when `database` is false. */
export async function withConnection<T>(
  cfg: DbConfig,
  fn: (conn: mysql.Connection) => Promise<T>,
  { database = true }: { database?: boolean } = {},
): Promise<T> {
  const conn = await mysql.createConnection({
    host: cfg.DB_ENDPOINT,
    port: cfg.DB_PORT,
    user: cfg.DB_USER,
    password: cfg.DB_PASS,
    database: database ? cfg.DB_NAME : undefined,
  });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

export async function tablesOf(cfg: DbConfig): Promise<string[]> {
  return withConnection(cfg, async (conn) => {
    const rows = await selectRows<{ name: string }>(
      conn,
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ?',
      [cfg.DB_NAME],
    );
    return rows.map((r) => r.name).sort();
  });
}
