import { HTR_UID, isAuthority, tokenUidOf, type TxData, type TxDataWithoutMeta } from '@wallet-service/common';
import { readyWalletOf } from '../plan/ledger';
import type { Rules } from '../plan/rules';
import { outputKey, type TxState } from '../state/rows';
import type { State } from '../state/state';
import { readAll } from '../state/view';
import { toWsTx, type WsTx } from './wsTx';

/**
 * Which notifications one event owes, from the vertex's stored state before and after planning it. Done
 * per event, not per batch, so the notifications are the same whatever the batch boundaries: a tx that
 * appears and is voided within one batch still gives new-tx, then update-tx.
 */
export type NotificationKind = 'new-tx' | 'update-tx';

export interface TxNotification {
  eventId: number;
  kind: NotificationKind;
  txId: string;
  /** Sorted ids of the ready wallets the vertex touches (outputs, spent inputs, nano caller). */
  wallets: string[];
  tx: WsTx;
}

interface Authorities {
  mint: boolean;
  melt: boolean;
}

/** One token of api-spec §8's walletBalanceForTx: what the tx did to the wallet in that token. */
export interface PushTokenBalance {
  tokenId: string;
  tokenSymbol: string;
  /** Spent from the wallet by the tx's inputs. */
  totalAmountSent: bigint;
  /** Received by the wallet in outputs that are locked / unlocked. */
  lockedAmount: bigint;
  unlockedAmount: bigint;
  lockedAuthorities: Authorities;
  unlockedAuthorities: Authorities;
  /** Earliest timelock among the locked outputs received, null when none has one. */
  lockExpires: number | null;
  /** Net change: received minus sent. */
  total: bigint;
  shieldedAmount: bigint;
}

export interface PushWalletSummary {
  txId: string;
  walletId: string;
  addresses: string[];
  walletBalanceForTx: PushTokenBalance[];
}

export interface PushRequest {
  eventId: number;
  txId: string;
  /** api-spec §8 txPushRequested payload: walletId → summary. */
  payload: Record<string, PushWalletSummary>;
}

type Vertex = TxData | TxDataWithoutMeta;

const sameState = (a: TxState, b: TxState) => a.voided === b.voided && a.height === b.height && a.firstBlock === b.firstBlock;

function touchedAddresses(data: Vertex): string[] {
  const out = new Set<string>();
  for (const o of data.outputs) if (o.decoded?.address) out.add(o.decoded.address);
  for (const i of data.inputs) if (i.spent_output.decoded?.address) out.add(i.spent_output.decoded.address);
  for (const h of data.headers ?? []) if (h.nc_address) out.add(h.nc_address);
  return [...out];
}

/** Address → ready wallet, for every address the vertex touches that belongs to one. */
function walletsByAddress(s: State, data: Vertex): Map<string, string> {
  const addresses = touchedAddresses(data);
  const wallets = readAll(addresses.map((a) => () => readyWalletOf(s, a)));
  const out = new Map<string, string>();
  addresses.forEach((a, i) => {
    const w = wallets[i];
    if (w) out.set(a, w);
  });
  return out;
}

/**
 * Called after the event was planned. `before` is the vertex's row before the event (null: not stored).
 * A vertex first stored gives new-tx; a change of voided, first block or height, or a removal (sent as
 * voided: the tx is gone), gives update-tx.
 */
export function notifyVertex(s: State, eventId: number, data: Vertex, before: TxState | null, rules: Rules): void {
  const after = s.txs.get(data.hash);
  let kind: NotificationKind;
  if (!before && after) kind = 'new-tx';
  else if (before && (!after || !sameState(before, after))) kind = 'update-tx';
  else return;
  const byAddress = walletsByAddress(s, data);
  if (byAddress.size === 0) return;
  const state = after ?? { ...(before as TxState), voided: true };
  const outputLocked = (index: number) => s.outputs.get(outputKey(data.hash, index))?.locked ?? false;
  const inputToken = (txId: string, index: number) => s.outputs.get(outputKey(txId, index))?.token ?? null;
  const tx = toWsTx(data, { voided: state.voided, height: state.height, outputLocked, inputToken });
  const wallets = [...new Set(byAddress.values())].sort();
  s.notifications.push({ eventId, kind, txId: data.hash, wallets, tx });
  if (kind === 'new-tx' && !state.voided && rules.pushNotifications) {
    const payload = pushPayload(s, data, byAddress, outputLocked, inputToken);
    if (Object.keys(payload).length > 0) s.pushRequests.push({ eventId, txId: data.hash, payload });
  }
}

function symbolOf(s: State, token: string, data: Vertex): string {
  if (token === HTR_UID) return 'HTR';
  return s.tokens.get(token)?.symbol ?? (token === data.hash ? (data.token_symbol ?? '') : '');
}

const noAuthorities = (): Authorities => ({ mint: false, melt: false });

function pushPayload(
  s: State,
  data: Vertex,
  byAddress: Map<string, string>,
  outputLocked: (index: number) => boolean,
  inputToken: (txId: string, index: number) => string | null,
): Record<string, PushWalletSummary> {
  const perWallet = new Map<string, { addresses: Set<string>; tokens: Map<string, PushTokenBalance> }>();
  const entry = (wallet: string, address: string, token: string) => {
    let w = perWallet.get(wallet);
    if (!w) perWallet.set(wallet, (w = { addresses: new Set(), tokens: new Map() }));
    w.addresses.add(address);
    let t = w.tokens.get(token);
    if (!t) {
      t = {
        tokenId: token,
        tokenSymbol: symbolOf(s, token, data),
        totalAmountSent: 0n,
        lockedAmount: 0n,
        unlockedAmount: 0n,
        lockedAuthorities: noAuthorities(),
        unlockedAuthorities: noAuthorities(),
        lockExpires: null,
        total: 0n,
        shieldedAmount: 0n,
      };
      w.tokens.set(token, t);
    }
    return t;
  };
  data.outputs.forEach((o, index) => {
    const address = o.decoded?.address;
    const wallet = address && byAddress.get(address);
    if (!address || !wallet) return;
    const t = entry(wallet, address, tokenUidOf(o.token_data, data.tokens));
    const locked = outputLocked(index);
    if (isAuthority(o.token_data)) {
      const auth = locked ? t.lockedAuthorities : t.unlockedAuthorities;
      auth.mint ||= (o.value & 1n) !== 0n;
      auth.melt ||= (o.value & 2n) !== 0n;
      return;
    }
    if (locked) {
      t.lockedAmount += o.value;
      const timelock = o.decoded?.timelock ?? null;
      if (timelock !== null) t.lockExpires = t.lockExpires === null ? timelock : Math.min(t.lockExpires, timelock);
    } else {
      t.unlockedAmount += o.value;
    }
    t.total += o.value;
  });
  for (const i of data.inputs) {
    const address = i.spent_output.decoded?.address;
    const wallet = address && byAddress.get(address);
    if (!address || !wallet || isAuthority(i.spent_output.token_data)) continue;
    const token = inputToken(i.tx_id, i.index);
    if (token === null) continue; // not stored: it never counted towards the wallet
    const t = entry(wallet, address, token);
    t.totalAmountSent += i.spent_output.value;
    t.total -= i.spent_output.value;
  }
  const out: Record<string, PushWalletSummary> = {};
  for (const [walletId, w] of [...perWallet].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const tokens = [...w.tokens.values()];
    if (!tokens.some((t) => t.total !== 0n)) continue;
    // Largest gain first: the push function words its message after the first token.
    tokens.sort((a, b) => (a.total === b.total ? (a.tokenId < b.tokenId ? -1 : 1) : a.total > b.total ? -1 : 1));
    out[walletId] = { txId: data.hash, walletId, addresses: [...w.addresses].sort(), walletBalanceForTx: tokens };
  }
  return out;
}
