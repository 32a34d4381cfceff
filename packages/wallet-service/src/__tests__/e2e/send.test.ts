import { walletUtils, type Transaction } from '@hathor/wallet-lib';
import { DEV_SEED, HTR_UID, selectOne, selectRows } from '@wallet-service/common';
import { walletIdOf } from '../../auth/signature';
import { startLiveStack, type LiveStack } from '../../offline/liveStack';
import { claimsOf, PASSWORD, PIN, startClientProcess, type ClientProcess, type RemoteWallet } from './client';
import { checkSpentInDatabase, checkWallet, Ledger, type Deltas } from './ledger';

/**
 * Sending with the real client: @hathor/wallet-lib 4.1.0's HathorWalletServiceWallet builds, signs and
 * mines (through the live node's tx-mining stand-in) every transaction, and sends it through the API's
 * tx proposal routes under serverless-offline, which push it to the live node; the daemon process
 * follows the node into the database the API reads. Blocks come only when the test mines them.
 *
 * A is the development seed (the node's premine pays its address 0); B is a seed made for this run. A
 * sends HTR to B, creates a token, sends some of it to B, mints and melts it; B sends HTR back. After
 * every transaction and after every block both wallets' balances, history and unspent outputs, read
 * through the client, equal what was sent and the database, and no spent output is offered again.
 *
 * Tokens live 70 s (AUTH_TOKEN_LIFETIME_S), so the client renews them read-only 10 s after issue
 * (client-contract §3.3): an app asks for the PIN and calls validateAndRenewAuthToken(pin) before it
 * sends, as this test does; the last test shows what happens when it does not.
 */
jest.setTimeout(120_000);

const PREMINE = 100_000_000_000n;
const LIFETIME_S = 70;

let stack: LiveStack;
let client: ClientProcess;
let a: RemoteWallet;
let b: RemoteWallet;
const ids = new Map<string, string>();
const ledger = new Ledger();
let token = '';
let bAddress = '';
const started = Date.now();

beforeAll(async () => {
  stack = await startLiveStack({ dbPrefix: 'e2e_send', apiEnv: { AUTH_TOKEN_LIFETIME_S: String(LIFETIME_S) } });
  client = await startClientProcess(stack.api.baseUrl, stack.node.txMiningUrl);
  try {
    a = await client.wallet('A', { seed: DEV_SEED.words });
    b = await client.wallet('B', { seed: walletUtils.generateWalletWords() });
    for (const w of [a, b]) {
      await w.call('start', { pinCode: PIN, password: PASSWORD });
      // The wallet start() just created is the one row not known yet.
      const rows = await selectRows<{ id: string }>(stack.db.pool, 'SELECT id FROM wallet');
      const fresh = rows.filter((r) => ![...ids.values()].includes(r.id));
      if (fresh.length !== 1) throw new Error(`expected one new wallet row after ${w.name}'s start, found ${fresh.length}`);
      ids.set(w.name, fresh[0].id);
    }
    bAddress = await b.call('getAddressAtIndex', 0);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${stack.logs()}\n--- client ---\n${client.output().slice(-2000)}`);
  }
}, 240_000);

afterAll(async () => {
  await client?.stop();
  await stack?.stop();
  const slowest = [...(client?.timings ?? [])].sort((x, y) => y.ms - x.ms).slice(0, 5);
  process.stderr.write(`e2e send: ${client?.timings.length} client calls, ${Math.round((Date.now() - started) / 1000)} s; slowest ${JSON.stringify(slowest)}\n`);
}, 60_000);

const failWithLogs = async <T>(what: Promise<T>): Promise<T> => {
  try {
    return await what;
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${stack.logs()}\n--- client ---\n${client.output().slice(-2000)}`);
  }
};

/** Both wallets against the ledger and the database, once the daemon has what the node served. */
async function checkBoth(): Promise<void> {
  await stack.synced();
  for (const w of [a, b]) await checkWallet(w, ids.get(w.name) as string, ledger, stack.db.pool);
  await checkSpentInDatabase(ledger, stack.db.pool);
}

/**
 * One client operation with a fresh full token (the PIN, as an app asks for it), then the checks on the
 * mempool state, a block, and the checks again.
 */
async function operate(w: RemoteWallet, run: () => Promise<Transaction>, deltas: (tx: Transaction) => Deltas): Promise<Transaction> {
  await w.call('validateAndRenewAuthToken', PIN);
  const tx = await failWithLogs(run());
  const hash = tx.hash as string;
  expect(stack.node.chain.dag.mempool.has(hash)).toBe(true);
  ledger.record(hash, tx.inputs, deltas(tx));
  await checkBoth();
  stack.node.mine();
  expect(stack.node.chain.dag.mempool.size).toBe(0);
  await checkBoth();
  return tx;
}

test('A starts with the premine, spendable; B is empty', async () => {
  const genesis = stack.node.chain.dag.path[0];
  ledger.record(genesis, [], { A: { [HTR_UID]: PREMINE } });
  expect(ids.get('A')).toBe(walletIdOf(DEV_SEED.xpubkey));
  const utxos = await a.call('getUtxos');
  expect(utxos.utxos).toEqual([{ tx_id: genesis, index: 0, amount: PREMINE, address: DEV_SEED.addresses.mainnet[0], locked: false }]);
  await checkBoth();
});

test('A sends HTR to B with sendTransaction', async () => {
  await operate(a, () => a.call('sendTransaction', bAddress, 1_000n, { pinCode: PIN }), () => ({ A: { [HTR_UID]: -1_000n }, B: { [HTR_UID]: 1_000n } }));
});

test('A creates a token with createNewToken (1% HTR deposit), holding its mint and melt authorities', async () => {
  const tx = await operate(
    a,
    () => a.call('createNewToken', 'Send Token', 'SND', 10_000n, { pinCode: PIN }),
    (t) => {
      ledger.setAuthorities('A', t.hash as string, 3);
      return { A: { [HTR_UID]: -100n, [t.hash as string]: 10_000n } };
    },
  );
  token = tx.hash as string;
  const details = await a.call('getTokenDetails', token);
  expect({ supply: details.totalSupply, authorities: details.authorities }).toEqual({ supply: 10_000n, authorities: { mint: true, melt: true } });
});

test('A sends some of the token to B', async () => {
  await operate(a, () => a.call('sendTransaction', bAddress, 2_500n, { token, pinCode: PIN }), () => ({ A: { [token]: -2_500n }, B: { [token]: 2_500n } }));
});

test('A mints with mintTokens and melts with meltTokens', async () => {
  await operate(a, () => a.call('mintTokens', token, 5_000n, { pinCode: PIN }), () => ({ A: { [HTR_UID]: -50n, [token]: 5_000n } }));
  await operate(a, () => a.call('meltTokens', token, 3_000n, { pinCode: PIN }), () => ({ A: { [HTR_UID]: 30n, [token]: -3_000n } }));
  const details = await a.call('getTokenDetails', token);
  expect(details.totalSupply).toBe(12_000n);
});

test('B, a wallet made this run, spends what it received', async () => {
  await operate(b, () => b.call('sendTransaction', DEV_SEED.addresses.mainnet[1], 400n, { pinCode: PIN }), () => ({ A: { [HTR_UID]: 400n }, B: { [HTR_UID]: -400n } }));
  await operate(b, () => b.call('sendTransaction', DEV_SEED.addresses.mainnet[1], 2_500n, { token, pinCode: PIN }), () => ({ A: { [token]: 2_500n }, B: { [token]: -2_500n } }));
  // B sent all of the token back: nothing of it is offered, its history keeps both transactions.
  expect((await b.call('getUtxos', { token })).utxos).toEqual([]);
});

test('once the client renewed read-only, a send is refused with 403; after validateAndRenewAuthToken(PIN) it goes through', async () => {
  await a.call('validateAndRenewAuthToken', PIN);
  const full = await claimsOf(a);
  expect({ mode: full.mode, lifetime: full.exp - full.iat }).toEqual({ mode: 'full', lifetime: LIFETIME_S });
  // The client renews once fewer than 60 s are left, and with no key since start() it renews read-only.
  await new Promise((r) => setTimeout(r, Math.max(0, (full.exp - 60 + 1) * 1000 - Date.now())));
  await a.call('getBalance');
  const ro = await claimsOf(a);
  expect({ mode: ro.mode, wid: ro.wid }).toEqual({ mode: 'ro', wid: ids.get('A') });

  const proposals = async () => Number((await selectOne<{ n: number }>(stack.db.pool, 'SELECT COUNT(*) AS n FROM tx_proposal'))?.n);
  const before = await proposals();
  const mempool = stack.node.chain.dag.mempool.size;
  await expect(a.call('sendTransaction', bAddress, 700n, { pinCode: PIN })).rejects.toMatchObject({ kind: 'SendTxError' });
  // Nothing was reserved or pushed, and nothing moved.
  expect(await proposals()).toBe(before);
  expect(stack.node.chain.dag.mempool.size).toBe(mempool);
  const held = await selectRows<{ tx_id: string }>(stack.db.pool, 'SELECT tx_id FROM tx_output WHERE tx_proposal IS NOT NULL AND spent_by IS NULL');
  expect(held).toEqual([]);
  await checkBoth();
  // What the client got, first hand: the same request with its read-only token is the gateway's 403.
  const refused = await fetch(`${stack.api.baseUrl}tx/proposal`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await a.call('getAuthToken')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ txHex: '00' }),
  });
  expect(refused.status).toBe(403);

  await operate(a, () => a.call('sendTransaction', bAddress, 700n, { pinCode: PIN }), () => ({ A: { [HTR_UID]: -700n }, B: { [HTR_UID]: 700n } }));
  expect((await claimsOf(a)).mode).toBe('full');
});
