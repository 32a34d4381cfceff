import { addressUtils, cryptoUtils, Network, stopGLLBackgroundTask, walletUtils } from '@hathor/wallet-lib';
import bitcore from 'bitcore-lib';
import { addressOfXpub, receivingAddress, verifyMessage, walletIdOf } from '../auth/signature';
import { freshWallet, signMessage, xpubOf } from './support/keys';

stopGLLBackgroundTask();

/**
 * The test wallets' keys and signatures are made without wallet-lib (too slow under jest); these checks
 * hold them to wallet-lib 4.1.0 — and the API's verifier to what wallet-lib signs.
 */
describe('test keys and the signed-message scheme, against wallet-lib 4.1.0', () => {
  const priv = new bitcore.PrivateKey();
  const chain = Buffer.alloc(32, 7);
  const xpub = xpubOf(Buffer.from(priv.toPublicKey().toBuffer()), chain);

  test('an xpub built here parses in wallet-lib, with the same wallet id, own address and receiving addresses', () => {
    expect(walletUtils.getWalletIdFromXPub(xpub)).toBe(walletIdOf(xpub));
    expect(addressOfXpub(xpub, 'mainnet')).toBe(priv.toPublicKey().toAddress(new Network('mainnet').getNetwork()).toString());
    const external = walletUtils.xpubDeriveChild(xpub, 0);
    expect(receivingAddress(xpub, 3, 'mainnet')).toBe(addressUtils.deriveAddressFromXPubP2PKH(external, 3, 'mainnet').base58);
    expect(receivingAddress(xpub, 0, 'testnet')).toBe(addressUtils.deriveAddressFromXPubP2PKH(external, 0, 'testnet').base58);
  });

  test("the API verifies wallet-lib's signatures, and wallet-lib verifies the test signer's", () => {
    const address = priv.toPublicKey().toAddress(new Network('mainnet').getNetwork()).toString();
    const message = `1796160000${'ab'.repeat(32)}${address}`;
    const byLib = cryptoUtils.signMessage(message, priv);
    expect(verifyMessage(message, byLib, address)).toBe(true);
    expect(verifyMessage(`${message}x`, byLib, address)).toBe(false);
    const ours = signMessage(message, Buffer.from(priv.toBuffer()));
    expect(cryptoUtils.verifyMessage(message, ours, address)).toBe(true);
    expect(verifyMessage(message, ours, address)).toBe(true);
  });

  test('a signature by another key, or over another address, does not verify', () => {
    const k = freshWallet();
    const other = freshWallet();
    const ts = 1796160000;
    expect(verifyMessage(`${ts}${k.walletId}${addressOfXpub(k.xpubkey, 'mainnet')}`, k.signAccount(ts), addressOfXpub(k.xpubkey, 'mainnet'))).toBe(true);
    expect(verifyMessage(`${ts}${k.walletId}${addressOfXpub(k.xpubkey, 'mainnet')}`, other.signAccount(ts, k.walletId), addressOfXpub(k.xpubkey, 'mainnet'))).toBe(false);
  });
});

describe("wallet-lib's short signatures", () => {
  test('a signature written without the leading zero byte of r or s (wallet-lib 4.1.0 does that) still verifies; anything shorter does not', () => {
    const priv = new bitcore.PrivateKey();
    const address = priv.toPublicKey().toAddress(new Network('mainnet').getNetwork()).toString();
    const key = Buffer.from(priv.toBuffer());
    let shortR: { message: string; sig: Buffer } | undefined;
    let shortS: { message: string; sig: Buffer } | undefined;
    for (let i = 0; (!shortR || !shortS) && i < 20_000; i++) {
      const message = `${i}${address}`;
      const sig = Buffer.from(signMessage(message, key), 'base64');
      if (!shortR && sig[1] === 0) shortR = { message, sig: Buffer.concat([sig.subarray(0, 1), sig.subarray(2)]) };
      if (!shortS && sig[33] === 0) shortS = { message, sig: Buffer.concat([sig.subarray(0, 33), sig.subarray(34)]) };
    }
    for (const short of [shortR!, shortS!]) {
      expect(short.sig).toHaveLength(64);
      expect(verifyMessage(short.message, short.sig.toString('base64'), address)).toBe(true);
      expect(verifyMessage(`${short.message}x`, short.sig.toString('base64'), address)).toBe(false);
      expect(verifyMessage(short.message, short.sig.subarray(0, 40).toString('base64'), address)).toBe(false);
    }
  });
});
