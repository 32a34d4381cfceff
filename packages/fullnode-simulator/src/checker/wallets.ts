import { addressUtils, stopGLLBackgroundTask, walletUtils } from '@hathor/wallet-lib';
import type { SetupWallet, TruthAuthority, TruthBalance, TruthWallet } from '../truth/types';

// loading wallet-lib starts a background timer that would keep the process alive for minutes
stopGLLBackgroundTask();

/** wallet-lib only knows mainnet/testnet/privatenet; the node's `unittests` network uses mainnet's version bytes. */
export function walletLibNetwork(nodeNetwork: string): string {
  if (nodeNetwork.includes('testnet')) return 'testnet';
  if (nodeNetwork === 'privatenet') return 'privatenet';
  return 'mainnet';
}

/** External-chain addresses of an account-level xpub: xpub / 0 / index, P2PKH. */
class AddressDeriver {
  private readonly chainXpub: string;

  constructor(
    xpubkey: string,
    private readonly network: string,
  ) {
    try {
      this.chainXpub = walletUtils.xpubDeriveChild(xpubkey, 0);
    } catch (err) {
      throw new Error(`wallet xpubkey ${xpubkey.slice(0, 16)}… is not a valid xpub (${(err as Error).message})`);
    }
  }

  at(index: number): string {
    return addressUtils.deriveAddressFromXPubP2PKH(this.chainXpub, index, this.network).base58;
  }
}

/**
 * The addresses a wallet owns at the end: the registered ones, extended by gap-limit discovery. Whenever a
 * non-voided vertex touches an owned address at index i, the wallet owns every index up to i + max_gap;
 * this is repeated until nothing new is touched. (A consumer discovers addresses as it ingests; txs that end
 * voided can make it derive a few more, but addresses that no non-voided vertex touches change no sum.)
 */
export function walletAddresses(setup: SetupWallet, touched: ReadonlySet<string>, nodeNetwork: string): Map<string, number> {
  const owned = new Map<string, number>();
  let highest = -1;
  for (const { address, index } of setup.addresses) {
    owned.set(address, index);
    highest = Math.max(highest, index);
  }
  let deriver: AddressDeriver | null = null;
  const derive = (index: number): string => {
    deriver ??= new AddressDeriver(setup.xpubkey, walletLibNetwork(nodeNetwork));
    return deriver.at(index);
  };
  const first = setup.addresses.find((a) => a.index === 0);
  let highestUsed = -1;
  for (const [address, index] of owned) if (touched.has(address)) highestUsed = Math.max(highestUsed, index);
  while (highestUsed + setup.max_gap > highest) {
    if (first && derive(0) !== first.address) {
      throw new Error(`wallet ${setup.id}: address 0 derived from its xpub on ${nodeNetwork} is ${derive(0)}, not the registered ${first.address}`);
    }
    const target = highestUsed + setup.max_gap;
    for (let index = highest + 1; index <= target; index++) {
      const address = derive(index);
      owned.set(address, index);
      if (touched.has(address)) highestUsed = Math.max(highestUsed, index);
    }
    highest = target;
  }
  return owned;
}

/** A wallet's sums over its addresses' balances, authorities and tx ids. */
export function walletTruth(
  setup: SetupWallet,
  owned: ReadonlyMap<string, number>,
  balances: Record<string, Record<string, TruthBalance>>,
  authorities: Record<string, Record<string, TruthAuthority>>,
  addressTxIds: Record<string, string[]>,
): TruthWallet {
  const wallet: TruthWallet = {
    xpubkey: setup.xpubkey,
    auth_xpubkey: setup.auth_xpubkey,
    max_gap: setup.max_gap,
    balances: {},
    authorities: {},
    tx_ids: [],
  };
  const txIds = new Set<string>();
  for (const address of owned.keys()) {
    for (const [token, b] of Object.entries(balances[address] ?? {})) {
      const w = (wallet.balances[token] ??= { unlocked: 0n, locked: 0n });
      w.unlocked += b.unlocked;
      w.locked += b.locked;
    }
    for (const [token, a] of Object.entries(authorities[address] ?? {})) {
      const w = (wallet.authorities[token] ??= { unlocked_mask: 0, locked_mask: 0 });
      w.unlocked_mask |= a.unlocked_mask ?? 0;
      w.locked_mask |= a.locked_mask ?? 0;
    }
    for (const id of addressTxIds[address] ?? []) txIds.add(id);
  }
  for (const [token, b] of Object.entries(wallet.balances)) {
    if (b.unlocked === 0n && b.locked === 0n) delete wallet.balances[token];
  }
  wallet.tx_ids = [...txIds].sort();
  return wallet;
}
