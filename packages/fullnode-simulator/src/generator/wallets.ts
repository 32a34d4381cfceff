import { stopGLLBackgroundTask, walletUtils } from '@hathor/wallet-lib';
import { deriveChild, p2pkhAddress, parseXpub, P2PKH_VERSION_BYTES } from '@wallet-service/common';
import type { SetupWallet } from '../truth/types';
import { KNOWN_ADDRESSES } from './known-addresses';
import { decodeAddress, networkBytes, type Address } from './scripts';

// wallet-lib starts a background timer on load that would keep every process using the generator alive.
stopGLLBackgroundTask();

/**
 * Wallets with known keys, so tests can register them with the wallet service (and sign with them if they
 * need to). The xpubs are account level (m/44'/280'/0'); addresses are external-chain children (…/0/i):
 * indices 0..127 from a table derived with wallet-lib (known-addresses.ts, sampled again in the tests),
 * beyond it with common's native BIP32 code; wallet-lib's bn.js maths is far too slow under jest.
 */
export interface KnownWallet {
  words: string;
  /** account-level xpub for mainnet-byte networks (mainnet, unittests) */
  xpubkey: string;
  /** m/280'/280' */
  authXpubkey: string;
}

export const KNOWN_WALLETS: readonly KnownWallet[] = [
  {
    words:
      'wool labor define tape stairs betray deputy boil reopen punch peanut antenna oval waste security oppose tool artist dirt gas hello depart similar stage',
    xpubkey: 'xpub6C6CC41WJhsT5sj2PZLzEkJpUK4rD6yJYQZxa4aZneHBVGa7pdDKtQRFfvT8Xkng8vrHhL1BLnU3mgyq6u9Kt8mX6bkUkm3VU1LD9EkCC45',
    authXpubkey: 'xpub69qm7DpXcUNBdkduRnHkthTKH4h1ggAh8jY5TknLabKqrpTxwxih8F9yr2YzPScroiDVhSceVkGTRgFksHQkLJnTN2zedDz8quHGVzujPty',
  },
  {
    words:
      'air clock adult cake lottery alter giant dawn spy loyal cart youth air correct good art liar dose cross feature sweet phone flat creek',
    xpubkey: 'xpub6CKs5HsiVzBhbX1TgxpGW322DWf2r2pzFvLrUu1Wbw7EigZwUKu56FrMo3crP1RMrNf8eCE4RLAiv5kFx1Hqv15RQnEkNbhSH3aeHbCjHhT',
    authXpubkey: 'xpub6BEL6WRgTR1jds2R2j3bK6QGmmZxgAXbAWq2rmHFSHmjKXKzPwBmdz4Yut1U2Y3GEvPC84QubCgwrtuK8gSp4dkJyTnciAhSPMgEgGD36D8',
  },
];

export const DEFAULT_MAX_GAP = 20;

/** A wallet as the generator uses it: its derived addresses by index. */
export interface GenWallet {
  id: string;
  known: KnownWallet;
  maxGap: number;
  network: string;
  /** addresses[i] = external-chain address at index i (derived on demand) */
  addresses: Address[];
}

const derivedCache = new Map<string, string[]>();

/** External-chain P2PKH addresses of an account xpub, at least 0..count-1 (cached per process). */
export function deriveAddresses(xpubkey: string, count: number, network: string): string[] {
  const libNetwork = networkBytes(network).walletLibNetwork;
  if (libNetwork !== 'mainnet') throw new Error(`known wallets are only provided for mainnet-byte networks, not '${network}'`);
  const key = `${xpubkey}:${libNetwork}`;
  let list = derivedCache.get(key);
  if (!list) {
    const known = KNOWN_WALLETS.findIndex((w) => w.xpubkey === xpubkey);
    list = known >= 0 ? [...KNOWN_ADDRESSES[known]] : [];
    derivedCache.set(key, list);
  }
  if (list.length < count) {
    const external = deriveChild(parseXpub(xpubkey), 0);
    for (let i = list.length; i < count; i++) list.push(p2pkhAddress(deriveChild(external, i).key, P2PKH_VERSION_BYTES[libNetwork]));
  }
  return list;
}

export function walletId(xpubkey: string): string {
  return walletUtils.getWalletIdFromXPub(xpubkey);
}

export function openWallet(which: number, network: string, maxGap = DEFAULT_MAX_GAP): GenWallet {
  const known = KNOWN_WALLETS[which];
  if (!known) throw new Error(`there are ${KNOWN_WALLETS.length} known wallets, no wallet #${which}`);
  return { id: walletId(known.xpubkey), known, maxGap, network, addresses: [] };
}

/** The wallet's address at `index`, deriving (and caching) up to it. */
export function walletAddress(wallet: GenWallet, index: number): Address {
  if (wallet.addresses.length <= index) {
    const derived = deriveAddresses(wallet.known.xpubkey, index + 1, wallet.network);
    for (let i = wallet.addresses.length; i <= index; i++) wallet.addresses.push(decodeAddress(derived[i], wallet.network));
  }
  return wallet.addresses[index];
}

export function setupWallet(wallet: GenWallet): SetupWallet {
  const addresses = [];
  for (let i = 0; i < wallet.maxGap; i++) addresses.push({ address: walletAddress(wallet, i).base58, index: i });
  return {
    id: wallet.id,
    xpubkey: wallet.known.xpubkey,
    auth_xpubkey: wallet.known.authXpubkey,
    max_gap: wallet.maxGap,
    addresses,
  };
}
