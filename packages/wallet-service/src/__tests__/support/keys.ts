import { createHash, randomBytes } from 'crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { base58CheckEncode, p2pkhAddress, P2PKH_VERSION_BYTES } from '@wallet-service/common';

/**
 * Test wallets with keys made here: an account key and an auth key, each serialized as an extended public
 * key, and proofs signed in Bitcoin's signed-message format with Hathor's prefix. wallet-lib's own
 * derivation and signing are far too slow under jest (seconds per signature); keys.test.ts checks that
 * what this signs verifies with wallet-lib and that what wallet-lib signs verifies with the API, and the
 * end-to-end tests run the real client.
 */
export interface WalletKeys {
  xpubkey: string;
  authXpubkey: string;
  walletId: string;
  /** Signs `String(timestamp) + walletId + address(account key)` with the account key. */
  signAccount(timestamp: number, walletId?: string): string;
  /** The same with the auth key. */
  signAuth(timestamp: number, walletId?: string): string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
const PREFIX = Buffer.from('\x17Hathor Signed Message:\n', 'latin1');

/** An extended public key (xpub version bytes, depth 3 like m/44'/280'/0') around a compressed key. */
export function xpubOf(publicKey: Buffer, chainCode: Buffer): string {
  const payload = Buffer.alloc(78);
  payload.writeUInt32BE(0x0488b21e, 0);
  payload[4] = 3;
  payload.writeUInt32BE(0x80000000, 9);
  chainCode.copy(payload, 13);
  publicKey.copy(payload, 45);
  return base58CheckEncode(payload);
}

export function signMessage(message: string, privateKey: Uint8Array): string {
  const body = Buffer.from(message, 'utf8');
  if (body.length >= 0xfd) throw new Error('test messages are short');
  const digest = sha256(sha256(Buffer.concat([PREFIX, Buffer.from([body.length]), body])));
  const sig = secp256k1.sign(digest, privateKey);
  return Buffer.concat([Buffer.from([31 + sig.recovery]), Buffer.from(sig.toCompactRawBytes())]).toString('base64');
}

function keyPair() {
  const priv = secp256k1.utils.randomPrivateKey();
  return { priv, pub: Buffer.from(secp256k1.getPublicKey(priv, true)), chain: randomBytes(32) };
}

export function freshWallet(network: keyof typeof P2PKH_VERSION_BYTES = 'mainnet'): WalletKeys {
  const account = keyPair();
  const auth = keyPair();
  const xpubkey = xpubOf(account.pub, account.chain);
  const walletId = sha256(sha256(Buffer.from(xpubkey))).toString('hex');
  const version = P2PKH_VERSION_BYTES[network];
  const sign = (k: ReturnType<typeof keyPair>) => (ts: number, wid = walletId) => signMessage(`${ts}${wid}${p2pkhAddress(k.pub, version)}`, k.priv);
  return { xpubkey, authXpubkey: xpubOf(auth.pub, auth.chain), walletId, signAccount: sign(account), signAuth: sign(auth) };
}
