import { HTR_UID } from '@wallet-service/common';
import { ev, hash, out, vertex } from '../__tests__/support/vertices';
import { outputKey } from '../state/rows';
import { balanceKey, historyRowKey, State } from '../state/state';
import { Missing } from '../state/view';
import { planEvent } from './index';
import { reconcileLocks } from './locks';
import type { Rules } from './rules';

const rules: Rules = { rewardSpendMinBlocks: 2, now: 1_700_000_000, deriveAddress: (xpub, i) => `${xpub}/${i}` };

function apply(s: State, ...events: Parameters<typeof planEvent>[1][]): void {
  for (const e of events) {
    const layer = s.child();
    planEvent(layer, e, rules);
    layer.commit();
  }
}

function settleLocks(s: State, bestHeight: number): void {
  const layer = s.child();
  reconcileLocks(layer, [...s.outputs.entries()].flatMap(([, r]) => (r ? [r] : [])), bestHeight, rules.now);
  layer.commit();
}

const balance = (s: State, address: string, token = HTR_UID) => {
  const b = s.balances.get(balanceKey('address', address, token));
  return b ? { unlocked: b.unlocked, locked: b.locked, total: b.totalReceived, txs: b.transactions } : null;
};

describe('planner', () => {
  const genesis = vertex({ hash: hash(1), version: 0, height: 0, outputs: [out('miner', 1000)] });
  const spend = (h: string, voided = false, outputs = [out('alice', 600), out('miner', 400)]) =>
    vertex({ hash: h, voided, inputs: [{ tx_id: genesis.hash, index: 0, spent: out('miner', 1000) }], outputs });

  test('a block reward is locked until the best height reaches its height lock', () => {
    const s = State.complete();
    apply(s, ev('NEW_VERTEX_ACCEPTED', genesis));
    settleLocks(s, 0);
    expect(balance(s, 'miner')).toEqual({ unlocked: 0n, locked: 1000n, total: 1000n, txs: 1 });
    settleLocks(s, 2);
    expect(balance(s, 'miner')).toEqual({ unlocked: 1000n, locked: 0n, total: 1000n, txs: 1 });
    settleLocks(s, 1); // a reorg shortened the chain: the reward is locked again
    expect(balance(s, 'miner')?.locked).toBe(1000n);
  });

  test('void restores the spent output and unvoid re-applies the spend, exactly', () => {
    const s = State.complete();
    const tx = spend(hash());
    apply(s, ev('NEW_VERTEX_ACCEPTED', genesis));
    settleLocks(s, 2);
    apply(s, ev('VERTEX_METADATA_CHANGED', tx));
    expect(balance(s, 'alice')).toEqual({ unlocked: 600n, locked: 0n, total: 600n, txs: 1 });
    expect(balance(s, 'miner')).toEqual({ unlocked: 400n, locked: 0n, total: 1400n, txs: 2 });
    apply(s, ev('VERTEX_METADATA_CHANGED', spend(tx.hash, true)));
    expect(balance(s, 'alice')).toEqual({ unlocked: 0n, locked: 0n, total: 0n, txs: 0 });
    expect(balance(s, 'miner')).toEqual({ unlocked: 1000n, locked: 0n, total: 1000n, txs: 1 });
    expect(s.history.get(historyRowKey('address', 'alice', HTR_UID, tx.hash))).toBeNull();
    apply(s, ev('VERTEX_METADATA_CHANGED', tx), ev('NEW_VERTEX_ACCEPTED', tx));
    expect(balance(s, 'alice')).toEqual({ unlocked: 600n, locked: 0n, total: 600n, txs: 1 });
    expect(balance(s, 'miner')).toEqual({ unlocked: 400n, locked: 0n, total: 1400n, txs: 2 });
  });

  test('a double spend that wins takes over the input from the voided side', () => {
    const s = State.complete();
    const a = spend(hash());
    const b = spend(hash(), false, [out('bob', 1000)]);
    apply(s, ev('NEW_VERTEX_ACCEPTED', genesis));
    settleLocks(s, 2);
    apply(s, ev('NEW_VERTEX_ACCEPTED', a), ev('NEW_VERTEX_ACCEPTED', { ...b, metadata: { ...b.metadata, voided_by: [b.hash] } }));
    expect(balance(s, 'bob')).toBeNull();
    expect(s.outputs.get(outputKey(genesis.hash, 0))?.spentBy).toBe(a.hash);
    apply(s, ev('VERTEX_METADATA_CHANGED', spend(a.hash, true)), ev('VERTEX_METADATA_CHANGED', b));
    expect(s.outputs.get(outputKey(genesis.hash, 0))?.spentBy).toBe(b.hash);
    expect(balance(s, 'bob')?.unlocked).toBe(1000n);
    expect(balance(s, 'alice')).toEqual({ unlocked: 0n, locked: 0n, total: 0n, txs: 0 });
    expect(balance(s, 'miner')).toEqual({ unlocked: 0n, locked: 0n, total: 1000n, txs: 2 });
  });

  test('an input spending a standard output the state does not have is listed once per spend, and nothing else changes', () => {
    const s = State.complete();
    const missing = hash();
    const orphan = vertex({ hash: hash(), inputs: [{ tx_id: missing, index: 3, spent: out('alice', 50) }], outputs: [out('bob', 50)] });
    apply(s, ev('NEW_VERTEX_ACCEPTED', orphan));
    expect(s.unknownSpends).toEqual([{ spender: orphan.hash, txId: missing, index: 3 }]);
    expect(balance(s, 'alice')).toBeNull();
    expect(balance(s, 'bob')).toEqual({ unlocked: 50n, locked: 0n, total: 50n, txs: 1 });
    // A spend the state knows lists nothing.
    const known = State.complete();
    apply(known, ev('NEW_VERTEX_ACCEPTED', genesis), ev('NEW_VERTEX_ACCEPTED', spend(hash())));
    expect(known.unknownSpends).toEqual([]);
  });

  test('removing a vertex that was never stored is skipped, not an error', () => {
    const s = State.complete();
    const note = planEvent(s.child(), ev('VERTEX_REMOVED', spend(hash())), rules);
    expect(note.kind).toBe('skipped');
  });

  test('removing an active vertex undoes it and deletes its rows', () => {
    const s = State.complete();
    const tx = spend(hash());
    apply(s, ev('NEW_VERTEX_ACCEPTED', genesis));
    settleLocks(s, 2);
    apply(s, ev('NEW_VERTEX_ACCEPTED', tx), ev('VERTEX_REMOVED', tx));
    expect(s.txs.get(tx.hash)).toBeNull();
    expect(balance(s, 'miner')).toEqual({ unlocked: 1000n, locked: 0n, total: 1000n, txs: 1 });
  });

  test('a token-creation tx owns its token while active, including after an unvoid', () => {
    const s = State.complete();
    const token = vertex({
      hash: hash(),
      version: 2,
      tokenName: 'Token',
      tokenSymbol: 'TK',
      outputs: [out('alice', 100, 1), out('alice', 3, 0x81)],
    });
    token.tokens = [token.hash];
    apply(s, ev('NEW_VERTEX_ACCEPTED', token));
    expect(s.tokens.get(token.hash)?.symbol).toBe('TK');
    // gaining authorities is folded in; losing them needs a recount from the outputs
    expect(s.balances.get(balanceKey('address', 'alice', token.hash))?.unlockedAuthorities).toBe(3);
    expect(s.dirtyAuthorities.has(balanceKey('address', 'alice', token.hash))).toBe(false);
    apply(s, ev('VERTEX_METADATA_CHANGED', { ...token, metadata: { ...token.metadata, voided_by: [token.hash] } }));
    expect(s.tokens.get(token.hash)).toBeNull();
    expect(s.dirtyAuthorities.has(balanceKey('address', 'alice', token.hash))).toBe(true);
    apply(s, ev('VERTEX_METADATA_CHANGED', token));
    expect(s.tokens.get(token.hash)?.name).toBe('Token');
    expect(balance(s, 'alice', token.hash)?.unlocked).toBe(100n);
  });

  test('a timelock in the future locks the output until the clock passes it', () => {
    const s = State.complete();
    const tx = vertex({ hash: hash(), outputs: [out('carol', 50, 0, rules.now + 10)] });
    apply(s, ev('NEW_VERTEX_ACCEPTED', tx));
    expect(balance(s, 'carol')).toMatchObject({ unlocked: 0n, locked: 50n });
    const later = s.child();
    reconcileLocks(later, [...s.outputs.entries()].flatMap(([, r]) => (r ? [r] : [])), 0, rules.now + 10);
    later.commit();
    expect(balance(s, 'carol')).toMatchObject({ unlocked: 50n, locked: 0n });
  });

  test('gap limit: derives max_gap addresses past the highest used index and claims a seen address', () => {
    const s = State.complete();
    s.wallets.set('w1', { id: 'w1', xpubkey: 'xpub', status: 'ready', maxGap: 3, lastUsedAddressIndex: -1, maxAddressIndex: 2 });
    for (let i = 0; i < 3; i++) s.addresses.set(`xpub/${i}`, { address: `xpub/${i}`, index: i, walletId: 'w1', transactions: 0, seqnum: 0 });
    // xpub/4 was paid before the wallet knew it
    apply(s, ev('NEW_VERTEX_ACCEPTED', vertex({ hash: hash(), outputs: [out('xpub/4', 7)] })));
    apply(s, ev('NEW_VERTEX_ACCEPTED', vertex({ hash: hash(), outputs: [out('xpub/2', 5)] })));
    // index 2 used → derive up to 5; xpub/4 is claimed with its balance, and was used → derive up to 7
    expect(s.addresses.get('xpub/4')).toMatchObject({ walletId: 'w1', index: 4 });
    expect(s.addresses.get('xpub/7')).toMatchObject({ walletId: 'w1', index: 7 });
    expect(s.addresses.get('xpub/8')).toBeNull();
    expect(s.wallets.get('w1')).toMatchObject({ lastUsedAddressIndex: 4, maxAddressIndex: 7 });
    const w = s.balances.get(balanceKey('wallet', 'w1', HTR_UID));
    expect(w).toMatchObject({ unlocked: 12n, totalReceived: 12n, transactions: 2 });
  });

  test('planning a vertex against an empty, unloaded state asks for the rows it needs', () => {
    const s = new State(null, -1);
    expect(() => planEvent(s.child(), ev('NEW_VERTEX_ACCEPTED', genesis), rules)).toThrow(Missing);
    try {
      planEvent(s.child(), ev('NEW_VERTEX_ACCEPTED', genesis), rules);
    } catch (err) {
      expect((err as Missing).requests).toEqual([{ kind: 'tx', txId: genesis.hash }]);
    }
  });
});
