import { createHash } from 'node:crypto';
import { Dag } from './model';
import { type Address, addressScript, encodeAddress } from './scripts';

/** 2020-01-01T00:00:00Z. Expired generated timelocks are below it, so every tx may spend them. */
export const GENESIS_TIMESTAMP = 1_577_836_800;
export const GENESIS_SUPPLY = 100_000_000_000n;
const GENESIS_WEIGHT = 2.0;

function networkHash(network: string, what: string): Buffer {
  return createHash('sha256').update(`genesis:${network}:${what}`).digest();
}

/**
 * A network's genesis, as every node of it stores it: block v0 at height 0 with one output holding the
 * whole supply, and two txs v1 without inputs or outputs. It depends only on the network name, so every
 * generated stream of a network shares it (as real streams of a network do). A live node may pay the
 * premine to another address (`premine`).
 */
export function createGenesis(
  network: string,
  hashSeed: string,
  rewardSpendMinBlocks: number,
  premine?: Address,
): { dag: Dag; address: Address } {
  const dag = new Dag(hashSeed, rewardSpendMinBlocks);
  const address = premine ?? encodeAddress(networkHash(network, 'address').subarray(0, 20), 'P2PKH', network);
  // a premine elsewhere is another genesis block, so it gets its own hash
  const blockKey = premine === undefined ? 'block' : `block:${premine.base58}`;
  const block = dag.newVertex({
    hash: networkHash(network, blockKey).toString('hex'),
    isBlock: true,
    version: 0,
    nonce: 0,
    timestamp: GENESIS_TIMESTAMP,
    weight: GENESIS_WEIGHT,
    inputs: [],
    outputs: [{ value: GENESIS_SUPPLY, tokenData: 0, token: '00', script: addressScript(address) }],
    parents: [],
    genesis: true,
  });
  block.scoreRaw = block.work;
  dag.add(block);
  dag.path.push(block.hash);
  dag.bestTips = [block.hash];
  for (const n of [1, 2]) {
    const tx = dag.newVertex({
      hash: networkHash(network, `tx${n}`).toString('hex'),
      isBlock: false,
      version: 1,
      nonce: networkHash(network, `nonce${n}`).readUInt8(0),
      timestamp: GENESIS_TIMESTAMP + n,
      weight: GENESIS_WEIGHT,
      inputs: [],
      outputs: [],
      parents: [],
      genesis: true,
    });
    // the node reports the genesis txs with their own weight as score
    tx.scoreRaw = tx.work;
    dag.add(tx);
    dag.genesisTxs.push(tx.hash);
    dag.syncMempool(tx);
  }
  return { dag, address };
}
