import { HTR_UID, TOKEN_MELT_MASK, TOKEN_MINT_MASK } from '@wallet-service/common';
import type { HttpReply, HttpRoute } from '../http';
import { bigJsonReply, hexBytes, messageReply } from './params';
import type { TokenInfo } from './token-ledger';
import type { VertexIndex } from './vertex-index';

/** The node truncates the authority lists and the token list at these lengths. */
const MAX_UTXO_LIST_LENGTH = 100;
const TOKEN_LIST_LIMIT = 200;

/**
 * Whether the node's tokens index would hold the token now: a token creation counts while its tx is live and
 * not voided; a token a nano contract created, while the call that created it is executed and the block that
 * executed it is on the best chain (a reorg re-runs the call and announces new uids).
 */
export function tokenExists(index: VertexIndex, uid: string, info: TokenInfo): boolean {
  if (uid === HTR_UID) return true;
  if (info.ncTx !== null) {
    const tx = index.lookup(info.ncTx);
    const block = info.ncBlock === null ? undefined : index.lookup(info.ncBlock);
    return tx !== undefined && index.isExecuted(tx) && block !== undefined && !index.isVoided(block);
  }
  const creation = index.lookup(uid);
  return creation !== undefined && !index.isVoided(creation);
}

/**
 * Total supply: the unspent amount of the vertices that count, or for a nano-created token its initial amount
 * (events do not say what contracts later mint or melt, and outputs a contract pays out were already counted
 * in that amount).
 */
function totalOf(index: VertexIndex, uid: string, info: TokenInfo): bigint {
  return info.initialAmount ?? index.tokens.total(uid);
}

function oneToken(index: VertexIndex, uid: string): HttpReply {
  const info = index.tokens.info(uid);
  if (info === undefined || !tokenExists(index, uid, info)) return messageReply('Unknown token');
  const mint = index.tokens.authorityUtxos(uid, TOKEN_MINT_MASK, MAX_UTXO_LIST_LENGTH);
  const melt = index.tokens.authorityUtxos(uid, TOKEN_MELT_MASK, MAX_UTXO_LIST_LENGTH);
  return bigJsonReply({
    name: info.name,
    symbol: info.symbol,
    version: info.version,
    success: true,
    mint,
    melt,
    can_mint: mint.length > 0,
    can_melt: melt.length > 0,
    total: totalOf(index, uid, info),
    transactions_count: index.tokens.transactionsCount(uid),
  });
}

function tokenList(index: VertexIndex): HttpReply {
  const tokens: Array<{ uid: string; name: string; symbol: string; version: number }> = [];
  let truncated = false;
  for (const [uid, info] of index.tokens.all()) {
    if (!tokenExists(index, uid, info)) continue;
    if (tokens.length >= TOKEN_LIST_LIMIT) {
      truncated = true;
      break;
    }
    tokens.push({ uid, name: info.name, symbol: info.symbol, version: info.version });
  }
  return bigJsonReply({ success: true, tokens, truncated });
}

/**
 * GET /v1a/thin_wallet/token?id= → {name, symbol, version, success, mint, melt, can_mint, can_melt, total,
 * transactions_count}; without id, the node's list of up to 200 tokens. Bad ids get the node's messages.
 */
export function tokenRoute(index: VertexIndex): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/thin_wallet/token',
    async handle(url): Promise<HttpReply> {
      await index.catchUp();
      const id = url.searchParams.get('id');
      if (id === null) return tokenList(index);
      const hex = hexBytes(id);
      if (hex === null) return messageReply('Invalid token id');
      if (hex !== HTR_UID && hex.length !== 64) return messageReply('Invalid token id format');
      return oneToken(index, hex);
    },
  };
}
