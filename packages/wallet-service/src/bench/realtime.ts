import WebSocket from 'ws';
import { parseJson, selectRows } from '@wallet-service/common';
import { buildTx, devKey, onNode, type LiveNode } from 'fullnode-simulator';
import { startLiveStack, type LiveStack } from '../offline/liveStack';
import { startRelay, type Relay } from './outage';
import { registerWallet, type BenchWallet } from './sendWallet';
import { summarize } from './stats';

/**
 * `yarn bench:realtime [--wallets N] [--txs N] [--rate TX_PER_S] [--block-interval S] [--outage S] [--ping-interval S]`: the
 * time from the node accepting a tx to a websocket joined to the wallet it pays receiving its `new-tx`
 * frame, through the whole pipeline as it runs offline — the live node's event, the daemon's commit and
 * outbox, the offline SQS queue, the poller, wsTxNotify and serverless-offline's @connections. N wallets
 * (default 100) are registered over the API and each joined by a plain websocket client; the txs
 * (default 1,000) are pushed to the node at a steady rate, each paying one wallet in turn.
 *
 * With `--outage S` the daemon's queue is unreachable for S seconds (its connection goes through a relay
 * that is taken down), the txs are pushed during those S seconds (S × rate of them), and the bench
 * reports the outbox backlog and how fast the daemon drains it once the queue is back.
 */
interface Args {
  wallets: number;
  txs: number;
  rate: number;
  blockInterval: number;
  outage: number;
  /** Seconds between a listener's pings: 3 like the 4.1.0 client (client-contract §6); the gateway closes a socket idle for 10 minutes. */
  pingInterval: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { wallets: 100, txs: 1000, rate: 20, blockInterval: 1, outage: 0, pingInterval: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], Number(argv[i + 1])];
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number, got ${argv[i + 1]}`);
    if (flag === '--wallets') args.wallets = value;
    else if (flag === '--txs') args.txs = value;
    else if (flag === '--rate') args.rate = value;
    else if (flag === '--block-interval') args.blockInterval = value;
    else if (flag === '--outage') args.outage = value;
    else if (flag === '--ping-interval') args.pingInterval = value;
    else throw new Error(`unknown flag ${flag}`);
  }
  if (args.outage > 0) args.txs = Math.round(args.outage * args.rate);
  return args;
}

const log = (line: string) => process.stderr.write(`bench:realtime: ${line}\n`);
const OUTPUTS_PER_FUNDING = 250;
const FUND = 10n;

/** One output of the development seed per tx, so no tx waits on another's change. */
function fundDevOutputs(node: LiveNode, count: number): { txId: string; index: number }[] {
  const dev = devKey(0);
  const out: { txId: string; index: number }[] = [];
  let input = { txId: node.chain.dag.path[0], index: 0, value: 100_000_000_000n };
  for (let made = 0; made < count; made += OUTPUTS_PER_FUNDING) {
    const n = Math.min(OUTPUTS_PER_FUNDING, count - made);
    const change = input.value - FUND * BigInt(n);
    const outputs = [...Array.from({ length: n }, () => ({ address: dev.address, value: FUND })), { address: dev.address, value: change }];
    const { hex, hash } = buildTx(onNode(node, { inputs: [{ txId: input.txId, index: input.index, key: dev }], outputs }));
    const pushed = node.pushTx(hex);
    if (!pushed.body.success) throw new Error(`a funding tx was refused: ${pushed.body.message}`);
    for (let i = 0; i < n; i++) out.push({ txId: hash, index: i });
    input = { txId: hash, index: n, value: change };
  }
  return out;
}


/** A websocket joined to `walletId` and pinging like the client, recording when each new-tx frame arrives (by tx id). */
async function listen(url: string, walletId: string, pingEveryMs: number, arrived: Map<string, number>, closed: Set<string>): Promise<WebSocket> {
  const ws = new WebSocket(url);
  const ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ action: 'ping' })), pingEveryMs);
  ws.once('close', () => {
    clearInterval(ping);
    closed.add(walletId);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ action: 'join', id: walletId })));
    ws.on('message', (raw: Buffer) => {
      const frame = parseJson(raw.toString()) as { type?: string; data?: { tx_id?: string } };
      if (frame.type === 'join-success') resolve();
      else if (frame.type === 'new-tx' && frame.data?.tx_id && !arrived.has(frame.data.tx_id)) arrived.set(frame.data.tx_id, performance.now());
    });
  });
  return ws;
}

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function outboxBacklog(stack: LiveStack): Promise<number> {
  const [row] = await selectRows<{ n: number }>(stack.db.pool, "SELECT COUNT(*) AS n FROM notification_outbox WHERE channel = 'new-tx'");
  return Number(row?.n ?? 0);
}

interface Drain {
  backlog: number;
  /** performance.now() when the queue came back. */
  backAt: number;
  /** From the queue coming back to the daemon's first publish (its retry backoff). */
  firstPublishS: number;
  /** From the first publish to an empty outbox. */
  drainS: number;
}

/** Ends the outage once the daemon has committed everything pushed, and times the outbox emptying. */
async function endOutage(stack: LiveStack, relay: Relay): Promise<Drain> {
  await stack.synced(600_000);
  const backlog = await outboxBacklog(stack);
  log(`queue back after the outage; ${backlog} notifications wait in the outbox`);
  await relay.up();
  const back = performance.now();
  let first: number | undefined;
  const deadline = back + 600_000;
  for (;;) {
    const left = await outboxBacklog(stack);
    if (first === undefined && left < backlog) first = performance.now();
    if (left === 0) break;
    if (performance.now() > deadline) throw new Error(`the outbox still holds ${left} of ${backlog} notifications 10 minutes after the queue came back`);
    await sleepMs(50);
  }
  const emptied = performance.now();
  first ??= emptied;
  return { backlog, backAt: back, firstPublishS: (first - back) / 1000, drainS: (emptied - first) / 1000 };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  log(`starting a live stack (a block every ${args.blockInterval} s)`);
  let relay: Relay | undefined;
  const stack = await startLiveStack({
    dbPrefix: 'bench_realtime',
    blockInterval: args.blockInterval,
    apiOutputLimit: 20_000,
    // The daemon reaches the queue through a relay, so the queue can be taken away from it alone.
    daemonEnv: async (api) => {
      relay = await startRelay(api.newTxQueue);
      return { NEW_TX_SQS: relay.url };
    },
  });
  const sockets: WebSocket[] = [];
  try {
    const wallets: BenchWallet[] = [];
    for (let i = 0; i < args.wallets; i++) wallets.push(await registerWallet(stack.api.baseUrl));
    const arrived = new Map<string, number>();
    const closed = new Set<string>();
    for (const w of wallets) sockets.push(await listen(`ws://127.0.0.1:${stack.api.wsPort}/`, w.walletId, 1000 * args.pingInterval, arrived, closed));
    log(`${wallets.length} wallets registered and joined; funding ${args.txs} outputs`);
    const slots = fundDevOutputs(stack.node, args.txs);
    stack.node.mine();
    await stack.synced(120_000);

    if (args.outage > 0) {
      await relay!.down();
      log(`the daemon's queue is down for ${args.outage} s while ${args.txs} txs are pushed`);
    }
    const pushedAt = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < args.txs; i++) {
      const due = started + (1000 * i) / args.rate;
      const wait = due - performance.now();
      if (wait > 0) await sleepMs(wait);
      const w = wallets[i % wallets.length];
      const { hex, hash } = buildTx(onNode(stack.node, { inputs: [{ ...slots[i], key: devKey(0) }], outputs: [{ address: w.key.address, value: FUND }] }));
      pushedAt.set(hash, performance.now());
      const pushed = stack.node.pushTx(hex);
      if (!pushed.body.success) throw new Error(`tx ${i} was refused: ${pushed.body.message}`);
    }
    const drain = args.outage > 0 ? await endOutage(stack, relay!) : undefined;
    // Waits as long as frames keep arriving (a drained backlog takes a while to reach every socket).
    let seen = -1;
    let progressAt = performance.now();
    while (arrived.size < pushedAt.size && performance.now() - progressAt < 30_000) {
      if (arrived.size !== seen) [seen, progressAt] = [arrived.size, performance.now()];
      await sleepMs(50);
    }
    const seconds = (performance.now() - started) / 1000;
    const latencies = [...pushedAt].flatMap(([tx, at]) => (arrived.has(tx) ? [(arrived.get(tx) as number) - at] : []));
    const s = summarize(latencies, seconds);
    const lastArrival = arrived.size > 0 ? Math.max(...arrived.values()) : NaN;
    process.stdout.write(
      `\nbench:realtime: ${args.txs} txs at ${args.rate}/s to ${args.wallets} joined wallets, each pinging every ${args.pingInterval} s; a block every ${args.blockInterval} s\n` +
        `node accepts the tx → the wallet's websocket has its new-tx frame (live node, daemon, outbox, offline queue, wsTxNotify, @connections)\n` +
        `delivered            ${latencies.length} of ${pushedAt.size}\n` +
        (drain
          ? `queue outage         ${args.outage} s; ${drain.backlog} notifications (new-tx and update-tx) waiting in the outbox when it ended\n` +
            `first publish        ${drain.firstPublishS.toFixed(1)} s after the queue came back (the daemon's retry backoff, OUTBOX_RETRY_MAX_MS)\n` +
            `outbox drain         ${drain.drainS.toFixed(1)} s, ${(drain.backlog / Math.max(drain.drainS, 0.001)).toFixed(0)} notifications/s into the queue\n` +
            `every frame sent     ${((lastArrival - drain.backAt) / 1000).toFixed(1)} s after the queue came back (the offline poller and wsTxNotify work through the backlog)\n`
          : `latency              p50 ${s.p50.toFixed(0)} ms   p99 ${s.p99.toFixed(0)} ms   mean ${s.mean.toFixed(0)} ms   (target p99 < 1000 ms)\n`),
    );
    if (latencies.length < pushedAt.size) {
      throw new Error(`${pushedAt.size - latencies.length} txs never reached their wallet's websocket (${closed.size} sockets were closed by the server)`);
    }
  } finally {
    for (const ws of sockets) ws.close();
    await stack.stop();
    await relay?.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench:realtime failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
