import { existsSync, mkdirSync } from 'fs';
import path from 'path';
import mysql from 'mysql2/promise';
import { selectOne, selectRows } from '@wallet-service/common';
import { createEmptyDatabase, migrate } from '@wallet-service/common/testing/database';
import { freePort } from '@wallet-service/common/testing/ports';
import { generateRandomToFile, loadReplayFile, startSimulator } from 'fullnode-simulator';
import { peakRssMiB, spawnDaemon, waitForExit } from './daemonProcess';

/**
 * `yarn bench:sync`: the same generated stream synced by the real daemon process over a real websocket,
 * once one event at a time (SYNC_BATCH_SIZE=1, SYNC_WINDOW_SIZE=1) and once batched, each on a fresh
 * database. Prints events/s and the daemon's peak memory side by side.
 *
 *   --events N          stream size (default 200000; the file is generated once under .bench/ and reused)
 *   --seed N            generator seed (default 7)
 *   --batch N           batched configuration (default 500; window = batch)
 *   --single-events N   events the one-at-a-time run syncs (default: the whole stream)
 */
interface Args {
  events: number;
  seed: number;
  batch: number;
  singleEvents: number | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { events: 200_000, seed: 7, batch: 500, singleEvents: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], Number(argv[i + 1])];
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive integer, got ${argv[i + 1]}`);
    if (flag === '--events') args.events = value;
    else if (flag === '--seed') args.seed = value;
    else if (flag === '--batch') args.batch = value;
    else if (flag === '--single-events') args.singleEvents = value;
    else throw new Error(`unknown flag ${flag}`);
  }
  return args;
}


interface RunResult {
  label: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  peakMiB: number | null;
}

async function run(label: string, target: number, batch: number, sim: { wsUrl: string; meta: { peerId: string; streamId: string; network: string } }): Promise<RunResult> {
  const db = await createEmptyDatabase(`bench_${batch}`);
  try {
    await migrate(db.config, { seed: true });
    const conn = await mysql.createConnection({ host: db.config.DB_ENDPOINT, port: db.config.DB_PORT, user: db.config.DB_USER, password: db.config.DB_PASS, database: db.name });
    const child = spawnDaemon({
      db: db.config,
      wsUrl: sim.wsUrl,
      peerId: sim.meta.peerId,
      streamId: sim.meta.streamId,
      network: sim.meta.network,
      batchSize: batch,
      windowSize: batch,
      healthPort: await freePort(),
    }, 'ignore');
    const started = Date.now();
    let peak: number | null = null;
    let last = -1;
    let lastReport = started;
    try {
      while (last < target - 1) {
        if (child.exitCode !== null) throw new Error(`${label}: daemon exited with code ${child.exitCode} at event ${last}`);
        await new Promise((r) => setTimeout(r, 250));
        last = (await selectOne<{ last_event_id: number }>(conn, 'SELECT last_event_id FROM sync_metadata WHERE id = 0'))?.last_event_id ?? -1;
        peak = peakRssMiB(child.pid as number) ?? peak;
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          const rate = (last + 1) / ((Date.now() - started) / 1000);
          process.stderr.write(`${label}: ${last + 1}/${target} events, ${rate.toFixed(0)} events/s\n`);
        }
      }
    } finally {
      child.kill('SIGTERM');
      await waitForExit(child, 10_000);
      await conn.end();
    }
    const seconds = (Date.now() - started) / 1000;
    return { label, events: target, seconds, eventsPerSecond: target / seconds, peakMiB: peak };
  } finally {
    await db.drop();
  }
}

/**
 * The server's version and InnoDB buffer pool: once the tables outgrow the pool, index inserts go to disk
 * and the batched rate falls with the database size (MariaDB's default pool is 128 MiB).
 */
async function serverInfo(): Promise<string> {
  const db = await createEmptyDatabase('bench_info');
  const conn = await mysql.createConnection({ host: db.config.DB_ENDPOINT, port: db.config.DB_PORT, user: db.config.DB_USER, password: db.config.DB_PASS });
  try {
    const [{ v, pool }] = await selectRows<{ v: string; pool: string | number }>(conn, 'SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool');
    return `${v}, innodb_buffer_pool_size ${(Number(pool) / 2 ** 20).toFixed(0)} MiB`;
  } finally {
    await conn.end();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.resolve(process.cwd(), '.bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `random-seed${args.seed}-${args.events}.jsonl`);
  if (!existsSync(file)) {
    const t = Date.now();
    process.stderr.write(`generating ${args.events} events into ${file}\n`);
    generateRandomToFile(file, { seed: args.seed, events: args.events, wallets: 2 });
    process.stderr.write(`generated in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const stream = loadReplayFile(file);
  const total = stream.events.length;
  const simulator = await startSimulator({ stream, port: 0 });
  const sim = { wsUrl: simulator.wsUrl, meta: stream.meta };
  try {
    const single = await run('batch 1 / window 1', Math.min(args.singleEvents ?? total, total), 1, sim);
    const batched = await run(`batch ${args.batch} / window ${args.batch}`, total, args.batch, sim);
    const rows = [single, batched];
    process.stdout.write(`\nstream: ${file} (${total} events)\n`);
    process.stdout.write(`database: ${await serverInfo()}\n`);
    process.stdout.write(`${'configuration'.padEnd(26)}${'events'.padStart(9)}${'seconds'.padStart(10)}${'events/s'.padStart(11)}${'peak MiB'.padStart(10)}\n`);
    for (const r of rows) {
      process.stdout.write(
        `${r.label.padEnd(26)}${String(r.events).padStart(9)}${r.seconds.toFixed(1).padStart(10)}${r.eventsPerSecond.toFixed(0).padStart(11)}${(r.peakMiB?.toFixed(0) ?? '?').padStart(10)}\n`,
      );
    }
    process.stdout.write(`speed-up: ${(batched.eventsPerSecond / single.eventsPerSecond).toFixed(1)}x\n`);
  } finally {
    await simulator.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench:sync failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
