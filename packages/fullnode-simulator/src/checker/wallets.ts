import type { SetupWallet, TruthAuthority, TruthBalance, TruthWallet } from '../truth/types';
import { deriveChild, p2pkhAddress, parseXpub, type PublicNode } from '@wallet-service/common';

/** P2PKH version byte of a node network: `unittests` and mainnet use 0x28 ('H…'), testnets and privatenet 0x49. */
export function p2pkhVersionByte(nodeNetwork: string): number {
  return nodeNetwork.includes('testnet') || nodeNetwork === 'privatenet' ? 0x49 : 0x28;
}

/** External-chain addresses of an account-level xpub: xpub / 0 / index, P2PKH (as the wallet service derives them). */
class AddressDeriver {
  private readonly chain: PublicNode;

  constructor(
    xpubkey: string,
    private readonly versionByte: number,
  ) {
    try {
      this.chain = deriveChild(parseXpub(xpubkey), 0);
    } catch (err) {
      throw new Error(`wallet xpubkey ${xpubkey.slice(0, 16)}… is not a usable xpub (${(err as Error).message})`);
    }
  }

  at(index: number): string {
    return p2pkhAddress(deriveChild(this.chain, index).key, this.versionByte);
  }
}

/**
 * The addresses a wallet owns at the end: the registered ones, extended by gap-limit discovery. Whenever a
 * non-voided vertex touches an owned address at index i, the wallet owns every index up to i + max_gap,
 * repeated until nothing new is touched. This fixpoint does not depend on stream order: an address paid
 * before a later tx brought it within the gap still counts. (A consumer discovering addresses while it
 * ingests, without crediting earlier payments to newly found addresses, ends lower in that case; voided
 * txs may make it derive extra addresses, which change no sum.)
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
    deriver ??= new AddressDeriver(setup.xpubkey, p2pkhVersionByte(nodeNetwork));
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
