import type { Queryable } from '@wallet-service/common';
import { ApiError } from '../../http/errors';
import { ownedAmong } from '../../data/addresses';
import { outputById, walletOutputs } from '../../data/outputs';
import { readBestHeight } from '../../data/sync';
import { selectForTotal, selectUpTo } from '../../domain/selection';
import { toOutputEntry, withValue } from '../../shape/outputs';
import type { OutputsQuery } from './query';

/** The outputs a tx_outputs / utxos query asks for, shaped, as of `now`. */
export async function findOutputs(db: Queryable, walletId: string, q: OutputsQuery, now: number) {
  const bestHeight = await readBestHeight(db);
  if (q.txId !== undefined && q.index !== undefined) {
    const row = await outputById(db, q.txId, q.index, q.skipSpent);
    // Another wallet's output is, for this wallet, no output: the client (getUtxoFromId) expects an
    // empty list then and names the bad input itself (UtxoError "Invalid input selection"); a 403 made it
    // fail with a bare "Error requesting utxo." instead.
    if (!row || row.wallet_id !== walletId) return [];
    return [toOutputEntry(withValue(row), bestHeight, now)];
  }
  const addresses = q['addresses[]'];
  if (addresses) {
    const owned = await ownedAmong(db, walletId, addresses);
    const missing = addresses.filter((a) => !owned.has(a));
    if (missing.length > 0) throw new ApiError('address-not-in-wallet', { missing, message: 'some addresses do not belong to this wallet' });
  }
  const rows = await walletOutputs(db, {
    walletId,
    addresses,
    tokenId: q.tokenId,
    authority: q.authority ?? 0,
    biggerThan: q.biggerThan,
    smallerThan: q.smallerThan,
    skipSpent: q.skipSpent,
    ignoreLocked: q.ignoreLocked,
    bestHeight,
    now,
    limit: q.maxOutputs,
  });
  let picked = rows.map(withValue);
  if (q.totalAmount !== undefined) picked = selectForTotal(picked, q.totalAmount);
  else if (q.maxAmount !== undefined) picked = selectUpTo(picked, q.maxAmount);
  return picked.map((o) => toOutputEntry(o, bestHeight, now));
}
