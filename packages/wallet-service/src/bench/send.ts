import { randomUUID } from 'crypto';
import os from 'os';
import { stopGLLBackgroundTask } from '@hathor/wallet-lib';
import { selectRows } from '@wallet-service/common';
import { buildTx, devKey, onNode, type LiveNode } from 'fullnode-simulator';
import { startLiveStack, type LiveStack } from '../offline/liveStack';
import { call, htrBalance, proposeAndSend, registerWallet, type BenchWallet } from './sendWallet';
import { summarize } from './stats';

/**
 * `yarn bench:send`: N wallets send at once through the API's tx proposal routes under serverless
 * offline, against a live node mining a block every second and the daemon process following it. Each
 * send is a tx built and signed here with wallet-lib (as the client builds it), then POST /tx/proposal
 * (reserve its input) and PUT /tx/proposal/{id} (push to the node); then the wallet's balance is polled
 * until the API shows the send. Prints proposals/s and p50/p99 of create, send and push → visible.
 *
 *   --wallets N          concurrent wallets (default 4)
 *   --sends N            sends per wallet (default 25)
 *   --block-interval S   seconds between blocks (default 1)
 */
interface Args {
  wallets: number;
  sends: number;
  blockInterval: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { wallets: 4, sends: 25, blockInterval: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = Number(argv[++i]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number, got ${argv[i]}`);
    if (flag === '--wallets') a.wallets = value;
    else if (flag === '--sends') a.sends = value;
    else if (flag === '--block-interval') a.blockInterval = value;
    else throw new Error(`unknown flag ${flag}`);
  }
  if (a.wallets < 1 || a.sends < 1) throw new Error('--wallets and --sends must be at least 1');
  return a;
}

/** Value of each funding output: every send spends one, pays 1 to the sink and the rest back as change. */
const FUND = 1_000n;
/** The node's limit; a funding tx also carries the premine's change. */
const OUTPUTS_PER_FUNDING = 250;
const VISIBLE_TARGET_MS = 1000;
const log = (line: string) => process.stderr.write(`bench:send: ${line}\n`);

/**
 * One funding output per send, so no send waits on another's change and tx timestamps stay at the
 * clock (a chain of spends would push each one a second later than its input).
 */
function fund(node: LiveNode, wallets: BenchWallet[], sends: number): { txId: string; index: number }[][] {
  const premine = devKey(0);
  const outputs = wallets.flatMap((w, wi) => Array.from({ length: sends }, () => ({ wi, address: w.key.address })));
  const slots: { txId: string; index: number }[][] = wallets.map(() => []);
  let input = { txId: node.chain.dag.path[0], index: 0, value: 100_000_000_000n };
  for (let start = 0; start < outputs.length; start += OUTPUTS_PER_FUNDING) {
    const chunk = outputs.slice(start, start + OUTPUTS_PER_FUNDING);
    const change = input.value - FUND * BigInt(chunk.length);
    const { hex, hash } = buildTx(
      onNode(node, {
        inputs: [{ txId: input.txId, index: input.index, key: premine }],
        outputs: [...chunk.map((o) => ({ address: o.address, value: FUND })), { address: premine.address, value: change }],
      }),
    );
    const pushed = node.pushTx(hex);
    if (!pushed.body.success) throw new Error(`the funding tx was refused: ${pushed.body.message}`);
    chunk.forEach((o, i) => slots[o.wi].push({ txId: hash, index: i }));
    input = { txId: hash, index: chunk.length, value: change };
  }
  return slots;
}

/**
 * serverless offline starts a worker per route the first time it runs concurrently; those cold starts
 * (a second or more each) are offline's, not the API's, so every proposal route is called once per
 * wallet at once before timing starts. The answers (refusals of a bogus hex and an unknown id) are not used.
 */
async function warmUp(baseUrl: string, wallets: BenchWallet[]): Promise<void> {
  await Promise.all(
    wallets.flatMap((w) => [
      call(baseUrl, 'POST', 'tx/proposal', { token: w.token, body: { txHex: '00' } }),
      call(baseUrl, 'PUT', `tx/proposal/${randomUUID()}`, { token: w.token, body: { txHex: '00' } }),
    ]),
  );
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface Timings {
  create: number[];
  send: number[];
  visible: number[];
}

async function runWallet(stack: LiveStack, w: BenchWallet, inputs: { txId: string; index: number }[], sink: string, t: Timings): Promise<void> {
  const base = stack.api.baseUrl;
  let balance = await htrBalance(base, w);
  for (const input of inputs) {
    const { hex } = buildTx(
      onNode(stack.node, {
        inputs: [{ ...input, key: w.key }],
        outputs: [
          { address: sink, value: 1n },
          { address: w.key.address, value: FUND - 1n },
        ],
      }),
    );
    const { createMs, sendMs } = await proposeAndSend(base, w, hex);
    // From the node's acceptance (the PUT answered after the push) to the API showing the new balance.
    const pushed = performance.now();
    balance -= 1n;
    await until(`wallet ${w.walletId.slice(0, 8)} did not show its balance ${balance}`, async () => (await htrBalance(base, w)) === balance);
    t.create.push(createMs);
    t.send.push(sendMs);
    t.visible.push(performance.now() - pushed);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  log(`starting a live stack (a block every ${args.blockInterval} s)`);
  const stack = await startLiveStack({ dbPrefix: 'bench_send', blockInterval: args.blockInterval, apiEnv: { LOG_LEVEL: 'warn' }, apiOutputLimit: 20_000 });
  try {
    const wallets = await Promise.all(Array.from({ length: args.wallets }, () => registerWallet(stack.api.baseUrl)));
    log(`${wallets.length} wallets ready; funding ${args.sends} outputs each`);
    const slots = fund(stack.node, wallets, args.sends);
    await stack.synced();
    for (const w of wallets) await until('a funded wallet did not show its funds', async () => (await htrBalance(stack.api.baseUrl, w)) === FUND * BigInt(args.sends));
    await warmUp(stack.api.baseUrl, wallets);
    const sink = devKey(1).address;
    const t: Timings = { create: [], send: [], visible: [] };
    const began = performance.now();
    await Promise.all(wallets.map((w, i) => runWallet(stack, w, slots[i], sink, t)));
    const seconds = (performance.now() - began) / 1000;
    await stack.synced();
    // The sends landed exactly: the sink holds one unit per send, each wallet the rest.
    const [sinkRow] = await selectRows<{ unlocked_balance: string }>(stack.db.pool, "SELECT unlocked_balance FROM address_balance WHERE address = ? AND token_id = '00'", [sink]);
    const total = args.wallets * args.sends;
    if (BigInt(sinkRow?.unlocked_balance ?? 0) !== BigInt(total)) throw new Error(`the sink holds ${sinkRow?.unlocked_balance}, expected ${total}`);

    const [create, send, visible] = [summarize(t.create, seconds), summarize(t.send, seconds), summarize(t.visible, seconds)];
    const w = (s: string) => process.stdout.write(`${s}\n`);
    w('');
    w(`bench:send: ${args.wallets} wallets × ${args.sends} sends = ${total} proposals in ${seconds.toFixed(1)} s; a block every ${args.blockInterval} s; ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    w('driven over HTTP directly: each tx built and signed with wallet-lib in this process (no tx-mining round trip, no client), then POST /tx/proposal and PUT /tx/proposal/{id} through serverless offline; each wallet sends one at a time');
    w(`proposals/s          ${(total / seconds).toFixed(1)}`);
    w(`create (POST)        p50 ${create.p50.toFixed(0)} ms   p99 ${create.p99.toFixed(0)} ms`);
    w(`send (PUT, push)     p50 ${send.p50.toFixed(0)} ms   p99 ${send.p99.toFixed(0)} ms`);
    w(`push → API balance   p50 ${visible.p50.toFixed(0)} ms   p99 ${visible.p99.toFixed(0)} ms   (target p99 < ${VISIBLE_TARGET_MS} ms${visible.p99 >= VISIBLE_TARGET_MS ? ': MISSED' : ''})`);
  } catch (err) {
    log(stack.logs());
    throw err;
  } finally {
    await stack.stop();
    stopGLLBackgroundTask();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench:send failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
