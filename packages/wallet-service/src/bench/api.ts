import { mkdirSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { createLogger, dbEnv, selectRows } from '@wallet-service/common';
import { verify } from 'daemon';
import { createApp } from '../app';
import { issueToken } from '../auth/tokens';
import { parseApiConfig } from '../config';
import { insertWallet } from '../data/wallets';
import { runWalletLoad } from '../load/loadWallet';
import { benchCases } from './cases';
import { measureHttp, startOfflineApi } from './http';
import { measureInProcess } from './inProcess';
import { openWhaleDatabase, resetWallet, type WhaleDatabase } from './populate';
import { printTable, type CaseResult } from './report';

/**
 * `yarn bench:api`: the read routes and the wallet load against a whale wallet (default 100,000
 * transactions over 5,000 addresses), in-process (handlers called directly, one at a time) and over HTTP
 * through serverless offline with autocannon. Prints a table and writes the figures as JSON.
 *
 *   --txs N  --addresses N   the whale's size (default 100000 / 5000)
 *   --fresh                  rebuild the database even when a complete one of this version exists
 *   --verify                 audit the loaded database with the daemon's verify (slow on the whale)
 *   --seconds N              in-process time per case (default 3)
 *   --http-seconds N         autocannon time per case (default 5; 0 skips the HTTP part)
 *   --connections N          autocannon concurrency (default 10)
 *   --only TEXT              only the cases whose label contains TEXT (repeatable)
 *   --out FILE               JSON results (default .bench/api-<time>.json)
 */
interface Args {
  txs: number;
  addresses: number;
  fresh: boolean;
  verify: boolean;
  seconds: number;
  httpSeconds: number;
  connections: number;
  out: string | null;
  only: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { txs: 100_000, addresses: 5_000, fresh: false, verify: false, seconds: 3, httpSeconds: 5, connections: 10, out: null, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--fresh') a.fresh = true;
    else if (flag === '--verify') a.verify = true;
    else if (flag === '--out') a.out = argv[++i];
    else if (flag === '--only') a.only.push(argv[++i]);
    else {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number, got ${argv[i]}`);
      if (flag === '--txs') a.txs = value;
      else if (flag === '--addresses') a.addresses = value;
      else if (flag === '--seconds') a.seconds = value;
      else if (flag === '--http-seconds') a.httpSeconds = value;
      else if (flag === '--connections') a.connections = value;
      else throw new Error(`unknown flag ${flag}`);
    }
  }
  return a;
}

const SECRET = 'bench-api-secret-bench-api-secret-0123456789';
const log = createLogger({ service: 'bench-api', level: 'info', write: (line) => process.stderr.write(`${line}\n`) });

function appFor(db: WhaleDatabase) {
  const env = { ...dbEnv(db.config), NETWORK: 'mainnet', AUTH_SECRET: SECRET, WALLET_LOAD_INVOKER: 'in-process', METRICS_FLUSH_INTERVAL_MS: '0', LOG_LEVEL: 'warn' };
  return createApp(parseApiConfig(env), { log: createLogger({ service: 'bench-api', level: 'warn', write: (line) => process.stderr.write(`${line}\n`) }) });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const db = await openWhaleDatabase({ txs: args.txs, addresses: args.addresses }, log, { fresh: args.fresh });
  const app = appFor(db);
  const walletId = db.keys.walletId;
  try {
    await resetWallet(db.pool, walletId);
    await insertWallet(app.pool, { id: walletId, xpubkey: db.keys.xpubkey, authXpubkey: db.keys.xpubkey, maxGap: 20, now: app.clock() });
    const t = performance.now();
    const outcome = await runWalletLoad(app, { xpubkey: db.keys.xpubkey, maxGap: 20 });
    const loadSeconds = (performance.now() - t) / 1000;
    if (!outcome.success) throw new Error(`the whale's load failed: ${outcome.message}`);
    log.info('whale loaded', { seconds: loadSeconds, addresses: outcome.addresses });
    if (args.verify) {
      const report = await verify(db.pool);
      if (report.differences.length > 0) throw new Error(`verify found ${report.differences.length} differences, e.g. ${JSON.stringify(report.differences[0])}`);
      log.info('verify: the loaded database is consistent', { checks: report.checks });
    }
    const addresses = (await selectRows<{ address: string }>(db.pool, 'SELECT address FROM address WHERE wallet_id = ? ORDER BY `index`', [walletId])).map((r) => r.address);
    const cases = benchCases({ tokenId: db.tokenId, addresses }).filter((c) => args.only.length === 0 || args.only.some((o) => c.label.includes(o)));
    if (cases.length === 0) throw new Error(`no case label contains ${args.only.join(' or ')}`);
    const token = issueToken({ wid: walletId, mode: 'ro' }, SECRET, 3600);
    const results: CaseResult[] = cases.map((c) => ({ label: c.label, inProcess: null, http: null }));
    for (const [i, c] of cases.entries()) {
      results[i].inProcess = await measureInProcess(c, app, token, { warmup: 20, seconds: args.seconds, maxRequests: 5_000 });
      log.info('measured in-process', { case: c.label, ...results[i].inProcess });
    }
    if (args.httpSeconds > 0) {
      const api = await startOfflineApi(db.config, SECRET, log);
      try {
        for (const [i, c] of cases.entries()) {
          results[i].http = await measureHttp(c, api, token, { connections: args.connections, seconds: args.httpSeconds });
          log.info('measured over HTTP', { case: c.label, ...results[i].http });
        }
      } finally {
        await api.stop();
      }
    }
    const [server] = await selectRows<{ v: string }>(db.pool, 'SELECT VERSION() AS v');
    const meta = {
      at: new Date().toISOString(),
      database: db.name,
      reusedDatabase: db.reused,
      populateSeconds: db.populateSeconds,
      server: server.v,
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
      txs: args.txs,
      addresses: args.addresses,
      walletLoadSeconds: Math.round(loadSeconds * 1000) / 1000,
      connections: args.connections,
    };
    printTable(meta, results);
    const out = args.out ?? path.resolve(process.cwd(), '.bench', `api-${meta.at.replace(/[:.]/g, '-')}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
    process.stdout.write(`results: ${out}\n`);
  } finally {
    await app.pool.end();
    await db.pool.end();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench:api failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
