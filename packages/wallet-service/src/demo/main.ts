import http from 'http';
import { config, HathorWalletServiceWallet, Network, stopGLLBackgroundTask, walletUtils } from '@hathor/wallet-lib';
import { DEV_SEED, HTR_UID } from '@wallet-service/common';

/**
 * `yarn workspace wallet-service demo`: two wallets on the official client (@hathor/wallet-lib's
 * HathorWalletServiceWallet) against a running dev stack (`make dev`). A is the development seed, whose
 * address 0 the live node's premine pays; B is a seed made now. A sends HTR to B, creates a token, mints
 * and melts it; the balances are printed before and after. Each step waits until the API shows its
 * effect, so a step that does not land ends the demo with exit code 1.
 *
 *   WALLET_SERVICE_URL  the wallet API (default http://127.0.0.1:$API_PORT/dev/, API_PORT 3000)
 *   TX_MINING_URL       the live node's tx-mining stand-in (default http://127.0.0.1:$SIMULATOR_PORT/tx-mining/, 8083)
 *   DEMO_SEED           wallet A's 24 words (default: the development seed)
 *   DEMO_TIMEOUT_S      how long one step may take to show (default 60)
 */
const env = (name: string) => process.env[name]?.trim() || undefined;
const walletServiceUrl = env('WALLET_SERVICE_URL') ?? `http://127.0.0.1:${env('API_PORT') ?? '3000'}/dev/`;
const txMiningUrl = env('TX_MINING_URL') ?? `http://127.0.0.1:${env('SIMULATOR_PORT') ?? '8083'}/tx-mining/`;
const seedA = env('DEMO_SEED') ?? DEV_SEED.words;
const timeoutMs = Number(env('DEMO_TIMEOUT_S') ?? '60') * 1000;
const PIN = '123456';

// Node keeps idle sockets 5 s, exactly as long as serverless offline does, so a request sent on one as it
// expires fails with "socket hang up"; a connection per request avoids that race.
http.globalAgent = new http.Agent({ keepAlive: false });

const say = (line = '') => process.stdout.write(`${line}\n`);

/** Amounts are integers of the token's smallest unit; HTR and tokens have two decimal places. */
function amount(v: bigint): string {
  const sign = v < 0n ? '-' : '';
  const abs = v < 0n ? -v : v;
  return `${sign}${(abs / 100n).toLocaleString('en-US')}.${(abs % 100n).toString().padStart(2, '0')}`;
}

type Balances = Map<string, bigint>;

async function balances(w: HathorWalletServiceWallet): Promise<Balances> {
  const entries = await w.getBalance();
  return new Map(entries.map((e) => [e.token.id, e.balance.unlocked + e.balance.locked]));
}

/** Waits until the API shows `want` (token → balance) for the wallet: the daemon has synced the tx. */
async function shows(w: HathorWalletServiceWallet, name: string, want: Balances): Promise<Balances> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await balances(w);
    if ([...want].every(([token, v]) => (now.get(token) ?? 0n) === v)) return now;
    if (Date.now() > deadline) {
      const diff = [...want].map(([t, v]) => `${t === HTR_UID ? 'HTR' : t.slice(0, 8)}: want ${amount(v)}, shows ${amount(now.get(t) ?? 0n)}`);
      throw new Error(`wallet ${name} did not show the expected balance within ${timeoutMs / 1000} s (${diff.join('; ')})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function printBalances(title: string, rows: { name: string; b: Balances }[], symbols: Map<string, string>): void {
  say(title);
  for (const { name, b } of rows) {
    const tokens = [HTR_UID, ...[...b.keys()].filter((t) => t !== HTR_UID).sort()];
    for (const t of tokens) {
      const symbol = symbols.get(t) ?? t.slice(0, 8);
      say(`  ${name}  ${symbol.padEnd(5)} ${amount(b.get(t) ?? 0n).padStart(20)}${t === HTR_UID ? '' : `   (token ${t})`}`);
    }
  }
}

const plus = (b: Balances, changes: Record<string, bigint>): Balances => {
  const next = new Map(b);
  for (const [t, v] of Object.entries(changes)) next.set(t, (next.get(t) ?? 0n) + v);
  return next;
};

async function main(): Promise<void> {
  config.setWalletServiceBaseUrl(walletServiceUrl);
  config.setTxMiningUrl(txMiningUrl);
  say(`demo: wallet API ${walletServiceUrl}, tx mining ${txMiningUrl}`);
  const network = new Network('mainnet');
  const seedB = walletUtils.generateWalletWords();
  const make = (seed: string) => new HathorWalletServiceWallet({ requestPassword: async () => PIN, seed, network, enableWs: false });
  const a = make(seedA);
  const b = make(seedB);
  try {
    await a.start({ pinCode: PIN, password: PIN });
    await b.start({ pinCode: PIN, password: PIN });
    const bAddress = await b.getAddressAtIndex(0);
    say(`demo: wallet A ${a.walletId} (${seedA === DEV_SEED.words ? 'the development seed' : 'DEMO_SEED'}), address 0 ${await a.getAddressAtIndex(0)}`);
    say(`demo: wallet B ${b.walletId} (a new seed: ${seedB}), address 0 ${bAddress}`);
    const symbols = new Map([[HTR_UID, 'HTR']]);
    let balA = await balances(a);
    let balB = await balances(b);
    printBalances('demo: balances before', [{ name: 'A', b: balA }, { name: 'B', b: balB }], symbols);
    if ((balA.get(HTR_UID) ?? 0n) < 100_000n) throw new Error('wallet A holds less than 1,000.00 HTR: is this the live node of `make dev`, and A its premine seed?');

    // Each send needs a full token: after start() the client renews only read-only ones (the PIN signs).
    const send = 1_000n;
    await a.validateAndRenewAuthToken(PIN);
    const payment = await a.sendTransaction(bAddress, send, { pinCode: PIN });
    say(`demo: A sent ${amount(send)} HTR to B: tx ${payment.hash}`);
    balA = await shows(a, 'A', plus(balA, { [HTR_UID]: -send }));
    balB = await shows(b, 'B', plus(balB, { [HTR_UID]: send }));

    const supply = 100_000n;
    await a.validateAndRenewAuthToken(PIN);
    const created = await a.createNewToken('Demo Token', 'DEMO', supply, { pinCode: PIN });
    const token = created.hash as string;
    symbols.set(token, 'DEMO');
    say(`demo: A created ${amount(supply)} DEMO (deposit ${amount(supply / 100n)} HTR): token ${token}`);
    balA = await shows(a, 'A', plus(balA, { [HTR_UID]: -supply / 100n, [token]: supply }));

    const minted = 50_000n;
    await a.validateAndRenewAuthToken(PIN);
    const mint = await a.mintTokens(token, minted, { pinCode: PIN });
    say(`demo: A minted ${amount(minted)} DEMO (deposit ${amount(minted / 100n)} HTR): tx ${mint.hash}`);
    balA = await shows(a, 'A', plus(balA, { [HTR_UID]: -minted / 100n, [token]: minted }));

    const melted = 20_000n;
    await a.validateAndRenewAuthToken(PIN);
    const melt = await a.meltTokens(token, melted, { pinCode: PIN });
    say(`demo: A melted ${amount(melted)} DEMO (withdrew ${amount(melted / 100n)} HTR): tx ${melt.hash}`);
    balA = await shows(a, 'A', plus(balA, { [HTR_UID]: melted / 100n, [token]: -melted }));

    printBalances('demo: balances after', [{ name: 'A', b: balA }, { name: 'B', b: balB }], symbols);
    say('demo: done');
  } finally {
    await a.stop({ cleanStorage: true }).catch(() => undefined);
    await b.stop({ cleanStorage: true }).catch(() => undefined);
    // Requiring the lib started a background task that would keep this process alive.
    stopGLLBackgroundTask();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
