import { spawn } from 'child_process';
import net from 'net';
import path from 'path';
import mysql from 'mysql2/promise';
import { DEV_SEED, selectRows } from '@wallet-service/common';
import { serverConfig, uniqueDatabaseName } from '@wallet-service/common/testing/database';
import { DEFAULT_NETWORK, DEFAULT_PEER_ID, DEFAULT_STREAM_ID } from '../../packages/fullnode-simulator/src/server/defaults';

/**
 * Runs scripts/dev.cjs (what `make dev` runs, minus `yarn install`) as a child process in its own process
 * group, on its own database and free ports: it must build, migrate, serve the default scenario, sync it
 * to lag 0, answer on the wallet API, and on SIGINT stop every child and exit 0.
 */
const SCRIPT = path.resolve(__dirname, '../dev.cjs');
const STOP_BOUND_MS = 30_000;
/** Free ports for the wallet API, as environment variables. */
async function apiPorts(): Promise<Record<'API_PORT' | 'API_WS_PORT' | 'API_LAMBDA_PORT', string>> {
  return { API_PORT: String(await freePort()), API_WS_PORT: String(await freePort()), API_LAMBDA_PORT: String(await freePort()) };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Health {
  state: string;
  lastEventId: number | null;
  latestEventId: number | null;
  lag: number | null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function runDev(env: Record<string, string>) {
  // Blank values shadow whatever a developer's .env says, so the stack under test is always the default one.
  const child = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, DEV_SKIP_INSTALL: '1', WS_URL: '', FULLNODE_HOST: '', SCENARIO: '', REPLAY: '', SIMULATOR_BLOCK_INTERVAL: '', SEED: '', NETWORK: '', DEFAULT_SERVER: '', AUTH_SECRET: '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** True while any process of the group still exists (signal 0 only checks). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function health(port: number): Promise<Health | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    return (await res.json()) as Health;
  } catch {
    return null;
  }
}

async function withServer<T>(db: string | undefined, fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const cfg = serverConfig();
  const conn = await mysql.createConnection({ host: cfg.DB_ENDPOINT, port: cfg.DB_PORT, user: cfg.DB_USER, password: cfg.DB_PASS, database: db });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

const query = <T>(db: string | undefined, sql: string) => withServer(db, (conn) => selectRows<T>(conn, sql));

const dbExists = async (name: string) =>
  (await query<{ n: number }>(undefined, `SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${name}'`))[0].n > 0;

describe('scripts/dev.cjs (make dev)', () => {
  const dbName = uniqueDatabaseName('devstack');
  let run: ReturnType<typeof runDev> | undefined;

  afterAll(async () => {
    if (run && groupAlive(run.child.pid as number)) process.kill(-(run.child.pid as number), 'SIGKILL');
    await withServer(undefined, (conn) => conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``));
  });

  it('stops at once on a bad setting, naming the variable', async () => {
    const bad = runDev({ SEED: 'abc' });
    const exit = await within(bad.exited, 30_000, 'exit on a bad setting');
    expect(exit.code).toBe(1);
    expect(bad.output()).toContain('dev: SEED="abc" is invalid (expected a non-negative integer)');
  });

  it('names a port already in use and leaves the database alone', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    const name = uniqueDatabaseName('devstack_port');
    try {
      const busy = runDev({ DB_NAME: name, HEALTH_PORT: String(taken), SIMULATOR_PORT: String(await freePort()), ...(await apiPorts()) });
      const exit = await within(busy.exited, 120_000, 'exit on a busy port');
      expect(exit.code).toBe(1);
      expect(busy.output()).toContain(`port ${taken} (HEALTH_PORT, the daemon's health and metrics server) is already in use`);
      expect(await dbExists(name)).toBe(false);
    } finally {
      blocker.close();
    }
  }, 150_000);

  it("names a wallet API port already in use, before touching the database", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    const name = uniqueDatabaseName('devstack_api_port');
    try {
      const busy = runDev({ DB_NAME: name, HEALTH_PORT: String(await freePort()), SIMULATOR_PORT: String(await freePort()), ...(await apiPorts()), API_LAMBDA_PORT: String(taken) });
      const exit = await within(busy.exited, 120_000, 'exit on a busy API port');
      expect(exit.code).toBe(1);
      expect(busy.output()).toContain(`port ${taken} (API_LAMBDA_PORT, the wallet API's Lambda invoke port) is already in use`);
      expect(await dbExists(name)).toBe(false);
    } finally {
      blocker.close();
    }
  }, 150_000);

  it('migrates, serves a live node by default, syncs it to lag 0, answers on the wallet API, and stops every child on SIGINT with exit 0', async () => {
    const healthPort = await freePort();
    const simulatorPort = await freePort();
    const api = await apiPorts();
    const apiBase = `http://127.0.0.1:${api.API_PORT}/dev/`;
    run = runDev({ DB_NAME: dbName, HEALTH_PORT: String(healthPort), SIMULATOR_PORT: String(simulatorPort), ...api });
    const pid = run.child.pid as number;
    let early: Exit | undefined;
    // exited only ever resolves; the loop below reads `early` to fail fast.
    void run.exited.then((exit) => (early = exit));

    let synced: Health | null = null;
    const deadline = Date.now() + 180_000;
    while (!synced && Date.now() < deadline) {
      if (early) throw new Error(`dev stack exited early (${JSON.stringify(early)}):\n${run.output()}`);
      const h = await health(healthPort);
      if (h && h.lag === 0 && h.lastEventId !== null && h.lastEventId === h.latestEventId) synced = h;
      else await new Promise((r) => setTimeout(r, 500));
    }
    if (!synced) throw new Error(`no lag 0 within 180 s:\n${run.output()}`);
    expect(synced.state).toBe('streaming');
    // The banner comes once the last service, the API, answers.
    while (!run.output().includes('dev: the stack is up') && Date.now() < deadline + 60_000) {
      if (early) throw new Error(`dev stack exited early (${JSON.stringify(early)}):\n${run.output()}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    const out = run.output();
    expect(out).toContain('dev: the stack is up');
    expect(out).toContain(`dev:   wallet API  ${apiBase} (serverless offline, Lambda invoke port ${api.API_LAMBDA_PORT}; full node http://127.0.0.1:${simulatorPort}/v1a/)`);
    expect(out).toContain(`dev:   curl -s ${apiBase}version`);
    expect(out).toContain('AUTH_SECRET is not set: tokens are signed with a random secret generated for this run');
    // The API answers from the simulator the daemon follows, on the network the daemon uses.
    const version = (await (await fetch(`${apiBase}version`)).json()) as { success: boolean; data: { network: string } };
    expect(version).toMatchObject({ success: true, data: { network: DEFAULT_NETWORK } });
    const metrics = await (await fetch(`${apiBase}metrics`)).text();
    expect(metrics).toMatch(/^wallet_api_best_block_height\{network="mainnet"\} [1-9]\d*$/m);
    expect((await fetch(`${apiBase}wallet/status`)).status).toBe(401);
    expect(out).toContain(`simulator, live node (a block every 5 s): ws://127.0.0.1:${simulatorPort}/v1a/event_ws`);
    expect(out).toContain(`tx mining   http://127.0.0.1:${simulatorPort}/tx-mining/`);
    expect(out).toContain(`premine     ${DEV_SEED.addresses.mainnet[0]} (development seed: ${DEV_SEED.words})`);
    expect(out).toContain(`curl -s http://127.0.0.1:${healthPort}/health`);
    expect(out).toContain(`curl -s http://127.0.0.1:${simulatorPort}/v1a/version`);

    const [cursor] = await query<{ last_event_id: number; peer_id: string; stream_id: string; network: string }>(dbName, 'SELECT * FROM sync_metadata');
    expect(cursor).toMatchObject({ peer_id: DEFAULT_PEER_ID, stream_id: DEFAULT_STREAM_ID, network: DEFAULT_NETWORK });
    // The node is live (a block every 5 s): the cursor may have moved on since lag 0, never back, and it is
    // always what the daemon reports having committed.
    const now = await health(healthPort);
    expect(cursor.last_event_id).toBeGreaterThanOrEqual(synced.lastEventId as number);
    expect(cursor.last_event_id).toBeLessThanOrEqual(now?.lastEventId as number);
    const [counts] = await query<{ txs: number; balances: number; htr: number }>(
      dbName,
      "SELECT (SELECT COUNT(*) FROM `transaction`) AS txs, (SELECT COUNT(*) FROM address_balance) AS balances, (SELECT COUNT(*) FROM token WHERE id = '00') AS htr",
    );
    expect(counts.txs).toBeGreaterThan(0);
    expect(counts.balances).toBeGreaterThan(0);
    expect(counts.htr).toBe(1);
    // Only the script gets the signal: stopping the simulator and the daemon is its job.
    const began = Date.now();
    run.child.kill('SIGINT');
    const exit = await within(run.exited, STOP_BOUND_MS, 'stopping the dev stack');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - began).toBeLessThan(STOP_BOUND_MS);
    expect(groupAlive(pid)).toBe(false);
    expect(run.output()).toContain('dev: stopped');
    // Both ports are free again.
    for (const port of [healthPort, simulatorPort, ...Object.values(api).map(Number)]) {
      await new Promise<void>((resolve, reject) => {
        const s = net.createServer().once('error', reject);
        s.listen(port, () => s.close(() => resolve()));
      });
    }
  }, 330_000);
});
