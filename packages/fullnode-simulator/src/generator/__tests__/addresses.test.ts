import { Address as LibAddress, addressUtils, Network, scriptsUtils, walletUtils } from '@hathor/wallet-lib';
import { KNOWN_ADDRESSES } from '../known-addresses';
import { Rng } from '../rng';
import { addressScript, base58Decode, base58Encode, customScript, decodeAddress, EMPTY_SCRIPT, encodeAddress, parseStandardScript } from '../scripts';
import { KNOWN_WALLETS, openWallet, setupWallet } from '../wallets';

/** The generator's own address and script encoding, held against wallet-lib's independent one. */
describe('addresses and scripts', () => {
  const rng = new Rng('addresses');

  it('base58 round-trips, leading zero bytes included', () => {
    for (let i = 0; i < 50; i++) {
      const bytes = Buffer.concat([Buffer.alloc(i % 3), rng.bytes(1 + (i % 30))]);
      expect(base58Decode(base58Encode(bytes))).toEqual(bytes);
    }
  });

  it('P2PKH and P2SH addresses are valid for wallet-lib and their scripts parse back to them, timelock included', () => {
    const mainnet = new Network('mainnet');
    for (let i = 0; i < 20; i++) {
      const kind = i % 2 === 0 ? 'P2PKH' : 'MultiSig';
      const address = encodeAddress(rng.bytes(20), kind, 'unittests');
      expect(address.base58[0]).toBe(kind === 'P2PKH' ? 'H' : 'h');
      expect(new LibAddress(address.base58, { network: mainnet }).isValid()).toBe(true);
      const timelock = i % 4 < 2 ? null : 3_000_000_000 + i;
      const script = Buffer.from(addressScript(address, timelock).base64, 'base64');
      const parsed = kind === 'P2PKH' ? scriptsUtils.parseP2PKH(script, mainnet) : scriptsUtils.parseP2SH(script, mainnet);
      expect(parsed.address.base58).toBe(address.base58);
      expect(parsed.timelock ?? null).toBe(timelock);
      expect(parseStandardScript(addressScript(address, timelock).base64)).toEqual({ kind, hash160: address.hash160, timelock });
    }
  });

  it('testnet names use the testnet version bytes; unknown networks are refused by name', () => {
    const address = encodeAddress(rng.bytes(20), 'P2PKH', 'testnet-golf');
    expect(address.base58[0]).toBe('W');
    expect(new LibAddress(address.base58, { network: new Network('testnet') }).isValid()).toBe(true);
    expect(() => encodeAddress(rng.bytes(20), 'P2PKH', 'moonnet')).toThrow(/unknown network 'moonnet'/);
  });

  it('decodeAddress names a bad checksum and a foreign version byte', () => {
    const good = encodeAddress(rng.bytes(20), 'P2PKH', 'mainnet').base58;
    const bad = `${good.slice(0, -1)}${good.endsWith('1') ? '2' : '1'}`;
    expect(() => decodeAddress(bad, 'mainnet')).toThrow(/checksum|decodes to/);
    expect(() => decodeAddress(good, 'testnet')).toThrow(/version byte/);
  });

  it('empty and custom scripts have no address and decode to {}', () => {
    expect(EMPTY_SCRIPT).toMatchObject({ base64: '', decoded: '{}', address: null });
    const custom = customScript('some_data');
    expect(Buffer.from(custom.base64, 'base64').toString('hex')).toBe(`09${Buffer.from('some_data').toString('hex')}8851`);
    expect(parseStandardScript(custom.base64)).toBeNull();
  });
});

describe('known wallets', () => {
  it('the address table matches wallet-lib derivation from each xpub (sampled)', () => {
    KNOWN_WALLETS.forEach((w, which) => {
      const external = walletUtils.xpubDeriveChild(w.xpubkey, 0);
      for (const index of [0, 19, 20, 127]) {
        expect(KNOWN_ADDRESSES[which][index]).toBe(addressUtils.deriveAddressFromXPubP2PKH(external, index, 'mainnet').base58);
      }
    });
  });

  it('xpubs and auth xpubs come from the listed words, and the setup registers max_gap addresses under the wallet id', () => {
    const w = KNOWN_WALLETS[1];
    expect(walletUtils.getXPubKeyFromSeed(w.words, { networkName: 'mainnet' })).toBe(w.xpubkey);
    expect(walletUtils.getXPrivKeyFromSeed(w.words, { networkName: 'mainnet' }).deriveNonCompliantChild("m/280'/280'").xpubkey).toBe(w.authXpubkey);
    const setup = setupWallet(openWallet(1, 'unittests'));
    expect(setup.id).toBe(walletUtils.getWalletIdFromXPub(w.xpubkey));
    expect(setup.addresses).toEqual(KNOWN_ADDRESSES[1].slice(0, 20).map((address, index) => ({ address, index })));
  });
});
