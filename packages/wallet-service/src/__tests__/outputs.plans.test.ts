import { HTR_UID, selectRows, silentLogger } from '@wallet-service/common';
import { finishPopulation, insertWhale, type InsertedWhale } from '../bench/populate';
import { walletOutputs, type OutputFilter } from '../data/outputs';
import { createTestApi, type TestApi } from './support/api';
import { createAndLoad } from './support/scenario';

/**
 * walletOutputs answers a wallet that holds much of a token by walking the token's outputs in value order,
 * bounded, and falls back to the wallet's own addresses when the walk does not settle it. Whatever path
 * answers, the rows must be exactly the wallet's matching outputs in the documented order, cut at the
 * limit: held against a plain query of every matching output, sorted here.
 */
describe('tx_outputs selection: the token walk and the address search agree with a plain query', () => {
  let api: TestApi;
  const whales: InsertedWhale[] = [];
  const ids: string[] = [];
  let bestHeight = 0;
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    api = await createTestApi('output_plans');
    // Two wallets sharing HTR (about two thirds and one third of its transactions), each with its token.
    for (const [label, txs, addresses] of [['plans-a', 3000, 200], ['plans-b', 1500, 300]] as const) {
      whales.push(await insertWhale(api.db.pool, silentLogger, { txs, addresses }, label));
      ids.push(await createAndLoad(api.app, { xpubkey: whales[whales.length - 1].keys.xpubkey }));
    }
    await finishPopulation(api.db.pool, 1);
    const [{ h }] = await selectRows<{ h: number | null }>(api.db.pool, 'SELECT MAX(height) AS h FROM `transaction` WHERE voided = FALSE');
    bestHeight = Number(h ?? 0);
  }, 300_000);
  afterAll(async () => {
    await api?.close();
  });

  /** Every matching output of the wallet, largest value first, ties by tx id then index, both descending. */
  async function reference(f: OutputFilter): Promise<string[]> {
    const all = await selectRows<{ tx_id: string; index: number; value: string; heightlock: number | null; timelock: number | null; tx_proposal: string | null; spent_by: string | null; authorities: number }>(
      api.db.pool,
      'SELECT o.tx_id, o.`index`, o.value, o.heightlock, o.timelock, o.tx_proposal, o.spent_by, o.authorities FROM tx_output o JOIN address a ON a.address = o.address ' +
        'WHERE a.wallet_id = ? AND o.token_id = ? AND o.voided = FALSE',
      [f.walletId, f.tokenId],
    );
    return all
      .filter((o) => (f.authority > 0 ? (o.authorities & f.authority) > 0 : o.authorities === 0))
      .filter((o) => f.biggerThan === undefined || BigInt(o.value) > f.biggerThan)
      .filter((o) => f.smallerThan === undefined || BigInt(o.value) < f.smallerThan)
      .filter((o) => !f.skipSpent || (o.spent_by === null && o.tx_proposal === null))
      .filter((o) => !f.ignoreLocked || ((o.heightlock === null || o.heightlock <= f.bestHeight) && (o.timelock === null || o.timelock <= f.now)))
      .sort((x, y) => {
        const dv = BigInt(y.value) - BigInt(x.value);
        if (dv !== 0n) return dv > 0n ? 1 : -1;
        if (x.tx_id !== y.tx_id) return x.tx_id < y.tx_id ? 1 : -1;
        return y.index - x.index;
      })
      .slice(0, f.limit)
      .map((o) => `${o.tx_id}:${o.index}`);
  }

  const filters: [string, Partial<OutputFilter>][] = [
    ['unspent HTR', {}],
    ['unspent HTR, spendable now', { ignoreLocked: true }],
    ['unspent HTR in a value range', { biggerThan: 40_000n, smallerThan: 60_000n }],
    ['spent included (address search only)', { skipSpent: false }],
    ['the wallet token', { tokenId: 'whale' }],
    // The token's authority outputs, whoever holds them (bounded by the walk), or the address search.
    ['mint authority of the wallet token', { tokenId: 'whale', authority: 1 }],
    ['melt authority of the wallet token', { tokenId: 'whale', authority: 2 }],
    ['either authority of the other wallet token', { tokenId: 'other', authority: 3 }],
    ['either authority, spendable now', { tokenId: 'whale', authority: 3, ignoreLocked: true }],
    ['authority, spent included (address search only)', { tokenId: 'whale', authority: 1, skipSpent: false }],
  ];

  test.each([0, 1])('wallet %i: every filter, limit and walk bound gives the plain query\'s rows', async (n) => {
    for (const [label, extra] of filters) {
      for (const limit of [1, 7, 255, 5000]) {
        for (const walkRows of [0, 3, 50, 5000]) {
          const f: OutputFilter = {
            walletId: ids[n],
            tokenId: HTR_UID,
            authority: 0,
            skipSpent: true,
            ignoreLocked: false,
            bestHeight,
            now,
            limit,
            ...extra,
          };
          if (extra.tokenId === 'whale') f.tokenId = whales[n].tokenId;
          if (extra.tokenId === 'other') f.tokenId = whales[1 - n].tokenId;
          const got = (await walletOutputs(api.db.pool, f, walkRows)).map((o) => `${o.tx_id}:${o.index}`);
          const want = await reference(f);
          // Only the other wallet's token has nothing of this wallet: every other case compares rows.
          expect({ label, some: want.length > 0 }).toEqual({ label, some: extra.tokenId !== 'other' });
          expect({ label, limit, walkRows, got }).toEqual({ label, limit, walkRows, got: want });
        }
      }
    }
  }, 120_000);
});
