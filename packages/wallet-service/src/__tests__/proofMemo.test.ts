import { createProofMemo } from '../auth/proofMemo';
import { addressOfXpub } from '../auth/signature';
import { freshWallet } from './support/keys';

/** The memo answers what the check answers, for any mix of valid and failing proofs, within its bound. */
describe('the authorizer memo of embedded proofs', () => {
  const ts = 1796160000;
  const k = freshWallet();
  const other = freshWallet();
  const addr = addressOfXpub(k.xpubkey, 'mainnet');
  const valid = { ts, wid: k.walletId, addr, sign: k.signAccount(ts) };
  // Each differs from the valid proof in one input the signature covers, or in the signature itself.
  const failing = [
    { ...valid, ts: ts + 1 },
    { ...valid, wid: other.walletId },
    { ...valid, addr: addressOfXpub(other.xpubkey, 'mainnet') },
    { ...valid, sign: other.signAccount(ts, k.walletId) },
  ];

  test('asked again, every proof keeps its outcome: the valid one true, each altered one false', () => {
    const memo = createProofMemo(100);
    for (let round = 0; round < 3; round++) {
      expect(memo.verified(valid)).toBe(true);
      for (const f of failing) expect(memo.verified(f)).toBe(false);
    }
    expect(memo.size).toBe(1 + failing.length);
  });

  test('a failing proof remembered first does not make the valid one fail, nor the reverse', () => {
    const memo = createProofMemo(100);
    expect(memo.verified(failing[0])).toBe(false);
    expect(memo.verified(valid)).toBe(true);
    expect(memo.verified(failing[0])).toBe(false);
  });

  test('bounded: the least recently used outcome goes first, and outcomes stay right after eviction', () => {
    const memo = createProofMemo(2);
    memo.verified(valid);
    memo.verified(failing[0]);
    memo.verified(valid); // now failing[0] is the least recently used
    memo.verified(failing[1]);
    expect(memo.size).toBe(2);
    for (const f of failing) expect(memo.verified(f)).toBe(false);
    expect(memo.verified(valid)).toBe(true);
    expect(memo.size).toBe(2);
  });

  test('size 0 remembers nothing and still checks', () => {
    const memo = createProofMemo(0);
    expect(memo.verified(valid)).toBe(true);
    expect(memo.verified(failing[3])).toBe(false);
    expect(memo.size).toBe(0);
  });
});
