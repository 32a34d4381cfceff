import { addressUtils, stopGLLBackgroundTask, walletUtils } from '@hathor/wallet-lib';
import { checkStream } from '..';
import type { SetupWallet } from '../../truth/types';
import { deriveChild, p2pkhAddress, parseXpub } from '@wallet-service/common';
import { block, chain, out, spend, StreamBuilder, tx } from './builder';

stopGLLBackgroundTask();

const XPUB = 'xpub6CifcscpCFgc5G34xdwdCDhWpDkAjsbDmPuaF1G8w6MyNY5hjZwmFAfobFne9e58vBsMGZyPiHwApDCifCy21WpVaZ2cCJYeNZJ3kPrdJVy';
/**
 * m/44'/280'/0'/0/i of the seed behind XPUB, computed once with wallet-lib by *private* derivation
 * (walletUtils.getXPrivKeyFromSeed(words).deriveChild(path).publicKey.toAddress(network)); the words:
 * "category faculty whisper enhance adult excite afford snake idle hospital pilot public mass zone club
 * today rural female club fitness coyote federal scene police". wallet-lib's bn.js is too slow inside jest
 * to derive them in every run.
 */
const ADDRESSES: Record<string, string[]> = {
  mainnet: [
    'HPaaWjwnHtgc1fVqmR9UUBsLPiMdird13i', 'HRK7d2y8MDGpEHpPrEpPFPFDGB2JfzwJyr', 'HRMLDy3ppKHHzK4yGMzaczUFjvpbPrC6HX',
    'HTDdaLKjFy1FyNUV5TpENn1AzdVdRm3CeX', 'HTmkB3fyBUkBkayEqjW1WZwLFtLDHiiL58', 'HGrQW5QvT4ipduwEANUGZdgPB5wBoZfV41',
    'HANyMGr8yCbqWf23x6og4McStVSJ3TcWhF', 'HMrCdkkCZpAHDwrwyj4zhf5TDnw1KjnVpH', 'HKZtwVXGVAxYZFKCaiWSYB2ga9jYREz2sz',
    'HU2MvvYiBZRwCBAxBmqDUfmd376EtCXjJP', 'HEo5QZK6M8nfVyHFXViroSTQSiRfLBdCeC', 'HShqNHPA1wEe6tyywq1iM1dPFJJ8UUKxyR',
  ],
  testnet: ['WfjV1KnHiqyWzy6haG8zUKrJAMrmDUHk7Z', 'WhU27codnAZjDbRFf5ouFXEB2pXSBoJ2wa', 'WhWEiYtLFGaCycfq5Cz6d8TDWaKis1omAH'],
};
const now = 1_800_000_000;
const MAX_GAP = 3;

function addressAt(index: number, network = 'mainnet'): string {
  return ADDRESSES[network][index];
}

function setup(network = 'mainnet'): SetupWallet {
  const addresses = [0, 1, 2].map((index) => ({ address: addressAt(index, network), index }));
  return { id: 'w1', xpubkey: XPUB, auth_xpubkey: 'auth-xpub', max_gap: MAX_GAP, addresses };
}

describe('checkStream: wallets', () => {
  it('derives the same addresses as wallet-lib (public derivation) and as the private-derivation vectors', () => {
    const chain0 = deriveChild(parseXpub(XPUB), 0);
    ADDRESSES.mainnet.forEach((address, i) => expect(p2pkhAddress(deriveChild(chain0, i).key, 0x28)).toBe(address));
    ADDRESSES.testnet.forEach((address, i) => expect(p2pkhAddress(deriveChild(chain0, i).key, 0x49)).toBe(address));
    const libChain = walletUtils.xpubDeriveChild(XPUB, 0);
    expect(addressUtils.deriveAddressFromXPubP2PKH(libChain, 11, 'mainnet').base58).toBe(ADDRESSES.mainnet[11]);
    expect(addressUtils.deriveAddressFromXPubP2PKH(libChain, 2, 'testnet').base58).toBe(ADDRESSES.testnet[2]);
  });

  it('refuses an xpub that is not one', () => {
    const b = new StreamBuilder();
    b.accept(block('genesis', [out(100, addressAt(2))]), { height: 0 });
    const broken = { ...setup(), xpubkey: `${XPUB.slice(0, -1)}z` };
    expect(() => checkStream(b.stream(), { rewardSpendMinBlocks: 10, now, wallets: [broken] })).toThrow(/is not a usable xpub \(bad base58check checksum\)/);
  });

  it('follows gap-limit discovery to a fixpoint: each used index opens the next max_gap addresses', () => {
    const b = new StreamBuilder();
    const genesis = block('genesis', [out(100_000_000_000, 'alice')]);
    b.accept(genesis, { height: 0 });
    chain(b, 10);
    // index 2 (registered) -> owns up to 5; index 5 -> up to 8; index 8 -> up to 11, which takes in index 9
    // although t2 paid it before index 8 was used (ownership does not depend on the order of discovery)
    const t1 = tx('t1', [spend(genesis, 0)], [out(10, addressAt(2)), out(99_999_999_990, 'alice')]);
    const t2 = tx('t2', [spend(t1, 1)], [out(20, addressAt(5), { timelock: 3_500_000_000 }), out(30, addressAt(9)), out(99_999_999_940, 'alice')]);
    const t3 = tx('t3', [spend(t2, 2)], [out(1, addressAt(8), { tokenData: 0x81 }), out(99_999_999_940, 'alice')], { tokens: ['cc'.repeat(32)] });
    b.accept(t1).accept(t2).accept(t3);

    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now, wallets: [setup()] });
    expect(truth.wallets?.w1).toEqual({
      xpubkey: XPUB,
      auth_xpubkey: 'auth-xpub',
      max_gap: MAX_GAP,
      balances: { '00': { unlocked: 40n, locked: 20n } },
      authorities: { ['cc'.repeat(32)]: { unlocked_mask: 1, locked_mask: 0 } },
      tx_ids: [t1.hash, t2.hash, t3.hash].sort(),
    });
  });

  it('does not count an address beyond the gap of the highest used one', () => {
    const b = new StreamBuilder();
    const genesis = block('genesis', [out(100_000_000_000, addressAt(6))]);
    b.accept(genesis, { height: 0 });
    chain(b, 10);
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now, wallets: [setup()] });
    expect(truth.wallets?.w1).toMatchObject({ balances: {}, authorities: {}, tx_ids: [] });
  });

  it('leaves out voided txs and tokens whose balance nets to zero', () => {
    const b = new StreamBuilder();
    const genesis = block('genesis', [out(100, addressAt(0))]);
    b.accept(genesis, { height: 0 });
    chain(b, 10);
    const gone = tx('gone', [spend(genesis, 0)], [out(100, 'elsewhere')]);
    const voided = tx('voided', [], [out(5, addressAt(1))]);
    b.accept(gone).accept(voided, { voided_by: ['voided'] });
    const truth = checkStream(b.stream(), { rewardSpendMinBlocks: 10, now, wallets: [setup()] });
    expect(truth.wallets?.w1).toMatchObject({ balances: {}, tx_ids: [genesis.hash, gone.hash].sort() });
  });

  it('derives with the network of the stream and refuses a wallet whose registered addresses do not match it', () => {
    const b = new StreamBuilder();
    b.accept(block('genesis', [out(100, addressAt(2, 'testnet'))]), { height: 0 });
    const testnet = checkStream(b.stream('testnet-hotel'), { rewardSpendMinBlocks: 10, now, wallets: [setup('testnet')] });
    expect(testnet.wallets?.w1?.tx_ids).toHaveLength(1);
    expect(() => checkStream(b.stream('unittests'), { rewardSpendMinBlocks: 10, now, wallets: [setup('testnet')] })).toThrow(
      /wallet w1: address 0 derived from its xpub on unittests/,
    );
  });
});
