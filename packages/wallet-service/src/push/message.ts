import type { PushMessage } from './sender';
import type { TokenBalance, WalletPushRequest } from './request';

/**
 * The notification text a wallet gets for a tx (api-spec §8), as localization keys the apps translate.
 * Devices that hide amounts get the generic text; the others "<amount> <SYMBOL>" for at most two of the
 * received tokens, then how many more there are.
 */
export const TITLE = 'new_transaction_received_title';
export const BODY_WITHOUT_TOKENS = 'new_transaction_received_description_without_tokens';
export const BODY_WITH_TOKENS = 'new_transaction_received_description_with_tokens';
const NAMED_TOKENS = 2;

/**
 * The tokens the wallet received in the tx, in the daemon's order. Every token with a positive total
 * counts, not only the first listed as in the API we replace: a swap that sends HTR and receives a token
 * is a receipt too, and the order of the list means nothing.
 */
export function receivedTokens(w: WalletPushRequest): TokenBalance[] {
  return w.walletBalanceForTx.filter((b) => b.total > 0n);
}

/** Every Hathor token has 2 decimal places; computed on the integer so no amount is ever rounded. */
export function formatAmount(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export function pushMessage(w: WalletPushRequest, showAmounts: boolean): PushMessage {
  if (!showAmounts) return { txId: w.txId, titleLocKey: TITLE, bodyLocKey: BODY_WITHOUT_TOKENS };
  const tokens = receivedTokens(w);
  const args = tokens.slice(0, NAMED_TOKENS).map((b) => `${formatAmount(b.total)} ${b.tokenSymbol}`);
  if (tokens.length > NAMED_TOKENS) args.push(String(tokens.length - NAMED_TOKENS));
  return { txId: w.txId, titleLocKey: TITLE, bodyLocKey: BODY_WITH_TOKENS, bodyLocArgs: JSON.stringify(args) };
}
