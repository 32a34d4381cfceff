import { existsSync, mkdirSync } from 'fs';
import path from 'path';
import mysql from 'mysql2/promise';
import { selectOne, selectRows } from '@wallet-service/common';
import { createEmptyDatabase, migrate } from '@wallet-service/common/testing/database';
import { freePort } from '@wallet-service/common/testing/ports';
import { generateRandomToFile, loadReplayFile, startSimulator } from 'fullnode-simulator';
import { peakRssMiB, spawnDaemon, waitForExit } from './daemonProcess';
import { counterDelta, cpuSeconds, databaseServerPid, serverCounters, byLabel, Tenths, type Counters } from './measure';

/**
 * `yarn bench:sync`: the same generated stream synced by the real daemon process over a real websocket,
 * once one event at a time (SYNC_BATCH_SIZE=1, SYNC_WINDOW_SIZE=1) and once batched, each on a fresh
 * database. Prints, per run: events/s overall and by tenth of the stream, daemon and database CPU
 * seconds, the daemon's time per stage (when it reports them), statements and rows written per event and
 * buffer pool reads from disk (the server's own counters), and the daemon's peak memory.
 *
 *   --events N          stream size (default 200000; the file is generated once under .bench/ and reused)
 *   --seed N            generator seed (default 7)
 *   --batch N           batched configuration (default 2000, the daemon's default)
 *   --window N          events the node may send ahead of the last ACK (default: the batch size)
 *   --cache N           TX_CACHE_SIZE of both runs (default: the daemon's default; 0 turns the row cache off)
 *   --single-events N   events the one-at-a-time run syncs (default 20000 or the stream; 0 skips it)
 *   --cpu-prof DIR      the daemon writes a CPU profile of each run into DIR (open it in Chrome DevTools)
 */
interface Args {
  events: number;
  seed: number;
  batch: number;
  window: number | null;
  cache: number | null;
  singleEvents: number | null;
  /** --cpu-prof DIR: the daemon writes a V8 CPU profile of each run into DIR (node --cpu-prof). */
  cpuProf: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { events: 200_000, seed: 7, batch: 2000, window: null, cache: null, singleEvents: null, cpuProf: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], Number(argv[i + 1])];
    if (flag === '--cpu-prof') {
      if (!argv[i + 1]) throw new Error('--cpu-prof needs a directory');
      args.cpuProf = argv[i + 1];
      continue;
    }
    if (!Number.isInteger(value) || value < (flag === '--single-events' || flag === '--cache' ? 0 : 1)) throw new Error(`${flag} needs a positive integer, got ${argv[i + 1]}`);
    if (flag === '--events') args.events = value;
    else if (flag === '--seed') args.seed = value;
    else if (flag === '--batch') args.batch = value;
    else if (flag === '--window') args.window = value;
    else if (flag === '--cache') args.cache = value;
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
  tenths: number[];
  daemonCpu: number | null;
  databaseCpu: number | null;
  counters: Counters;
  stages: Record<string, number>;
  /** Row cache lookups by outcome (hit, miss). */
  cache: Record<string, number>;
}

const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);

interface Configuration {
  batch: number;
  window: number;
  /** TX_CACHE_SIZE; null: the daemon's default. */
  cache: number | null;
  cpuProf: string | null;
}

async function run(label: string, target: number, { batch, window, cache: cacheSize, cpuProf }: Configuration, sim: { wsUrl: string; meta: { peerId: string; streamId: string; network: string } }): Promise<RunResult> {
  const db = await createEmptyDatabase(`bench_${batch}`);
  try {
    await migrate(db.config, { seed: true });
    const conn = await mysql.createConnection({ host: db.config.DB_ENDPOINT, port: db.config.DB_PORT, user: db.config.DB_USER, password: db.config.DB_PASS, database: db.name });
    const healthPort = await freePort();
    const child = spawnDaemon({
      db: db.config,
      wsUrl: sim.wsUrl,
      peerId: sim.meta.peerId,
      streamId: sim.meta.streamId,
      network: sim.meta.network,
      batchSize: batch,
      windowSize: window,
      healthPort,
      extra: cacheSize === null ? undefined : { TX_CACHE_SIZE: String(cacheSize) },
      nodeArgs: cpuProf === null ? [] : ['--cpu-prof', '--cpu-prof-dir', cpuProf],
    }, 'ignore');
    const started = Date.now();
    const dbPid = databaseServerPid();
    const dbCpuBefore = cpuSeconds(dbPid);
    const countersBefore = await serverCounters(conn);
    const tenths = new Tenths(target, started);
    let peak: number | null = null;
    let daemonCpu: number | null = null;
    let stages: Record<string, number> = {};
    let cache: Record<string, number> = {};
    let last = -1;
    let lastReport = started;
    try {
      while (last < target - 1) {
        if (child.exitCode !== null) throw new Error(`${label}: daemon exited with code ${child.exitCode} at event ${last}`);
        await new Promise((r) => setTimeout(r, 100));
        last = (await selectOne<{ last_event_id: number }>(conn, 'SELECT last_event_id FROM sync_metadata WHERE id = 0'))?.last_event_id ?? -1;
        tenths.observe(last + 1, Date.now());
        peak = peakRssMiB(child.pid as number) ?? peak;
        daemonCpu = cpuSeconds(child.pid as number) ?? daemonCpu;
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          const rate = (last + 1) / ((Date.now() - started) / 1000);
          const eta = (target - last - 1) / Math.max(rate, 1);
          process.stderr.write(`${label}: ${last + 1}/${target} events (${((100 * (last + 1)) / target).toFixed(1)}%), ${rate.toFixed(0)} events/s, ETA ${eta.toFixed(0)} s\n`);
        }
      }
      const metrics = await fetch(`http://127.0.0.1:${healthPort}/metrics`).then((r) => r.text()).catch(() => '');
      stages = byLabel(metrics, 'daemon_stage_seconds_total', 'stage');
      cache = byLabel(metrics, 'daemon_row_cache_lookups_total', 'outcome');
    } finally {
      child.kill('SIGTERM');
      await waitForExit(child, 10_000);
    }
    const seconds = (Date.now() - started) / 1000;
    const counters = counterDelta(countersBefore, await serverCounters(conn));
    await conn.end();
    return {
      label,
      events: target,
      seconds,
      eventsPerSecond: target / seconds,
      peakMiB: peak,
      tenths: tenths.rates(),
      daemonCpu,
      databaseCpu: delta(dbCpuBefore, cpuSeconds(dbPid)),
      counters,
      stages,
      cache,
    };
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

const fixed = (v: number | null, digits = 0) => (v === null ? '?' : v.toFixed(digits));

function report(rows: RunResult[]): string {
  const lines: string[] = [];
  const col = (label: string, value: (r: RunResult) => string) => lines.push(`${label.padEnd(34)}${rows.map((r) => value(r).padStart(28)).join('')}`);
  col('configuration', (r) => r.label);
  col('events', (r) => String(r.events));
  col('seconds', (r) => r.seconds.toFixed(1));
  col('events/s', (r) => r.eventsPerSecond.toFixed(0));
  for (let i = 0; i < 10; i++) col(`  events/s in tenth ${i + 1}`, (r) => fixed(r.tenths[i] ?? null));
  col('last tenth / first tenth', (r) => (r.tenths.length === 10 ? `${((100 * r.tenths[9]) / r.tenths[0]).toFixed(0)}%` : '?'));
  col('daemon CPU s (ms/event)', (r) => `${fixed(r.daemonCpu, 1)} (${r.daemonCpu === null ? '?' : ((1000 * r.daemonCpu) / r.events).toFixed(3)})`);
  col('database CPU s (ms/event)', (r) => `${fixed(r.databaseCpu, 1)} (${r.databaseCpu === null ? '?' : ((1000 * r.databaseCpu) / r.events).toFixed(3)})`);
  const stageNames = [...new Set(rows.flatMap((r) => Object.keys(r.stages)))].sort();
  for (const stage of stageNames) col(`  daemon wall in ${stage}`, (r) => (r.stages[stage] === undefined ? '?' : `${((100 * r.stages[stage]) / r.seconds).toFixed(1)}%`));
  col('row cache hits (TX_CACHE_SIZE)', (r) => {
    const asked = (r.cache.hit ?? 0) + (r.cache.miss ?? 0);
    return asked === 0 ? '?' : `${((100 * (r.cache.hit ?? 0)) / asked).toFixed(1)}% of ${asked}`;
  });
  const perEvent = (r: RunResult, n: number) => (n / r.events).toFixed(2);
  col('statements/event (ins/upd/del)', (r) => `${perEvent(r, r.counters.Com_insert)}/${perEvent(r, r.counters.Com_update)}/${perEvent(r, r.counters.Com_delete)}`);
  col('rows written/event (ins/upd/del)', (r) => `${perEvent(r, r.counters.Handler_write)}/${perEvent(r, r.counters.Handler_update)}/${perEvent(r, r.counters.Handler_delete)}`);
  col('rows read/event (key/next/scan)', (r) => `${perEvent(r, r.counters.Handler_read_key)}/${perEvent(r, r.counters.Handler_read_next)}/${perEvent(r, r.counters.Handler_read_rnd_next)}`);
  col('buffer pool reads from disk', (r) => `${r.counters.Innodb_buffer_pool_reads} of ${r.counters.Innodb_buffer_pool_read_requests}`);
  col('peak daemon RSS MiB', (r) => fixed(r.peakMiB));
  return `${lines.join('\n')}\n`;
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
    const singleEvents = Math.min(args.singleEvents ?? 20_000, total);
    const window = args.window ?? args.batch;
    const both = { cache: args.cache, cpuProf: args.cpuProf };
    const rows = [
      ...(singleEvents > 0 ? [await run('batch 1 / window 1', singleEvents, { batch: 1, window: 1, ...both }, sim)] : []),
      await run(`batch ${args.batch} / window ${window}`, total, { batch: args.batch, window, ...both }, sim),
    ];
    process.stdout.write(`\nstream: ${file} (${total} events)\n`);
    process.stdout.write(`database: ${await serverInfo()}\n`);
    process.stdout.write(report(rows));
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
