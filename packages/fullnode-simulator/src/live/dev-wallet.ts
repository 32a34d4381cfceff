import {
  Address,
  CreateTokenTransaction,
  Input,
  Network,
  Output,
  P2PKH,
  stopGLLBackgroundTask,
  Transaction,
  transactionUtils,
  walletUtils,
} from '@hathor/wallet-lib';
import { DEV_SEED } from '@wallet-service/common';
type PrivateKey = Parameters<typeof transactionUtils.getSignature>[1];
import type { LiveNode } from './node';


// wallet-lib starts a background timer on load that would keep every process using this alive.
stopGLLBackgroundTask();

/**
 * Building and signing transactions with wallet-lib 4.1.0 from the development seed, as a wallet does:
 * what tests of the live node (here and in other packages) push to it.
 */

/** A key of the development seed (m/44'/280'/0'/0/i) and its address, as a wallet derives them. */
export interface DevKey {
  index: number;
  address: string;
  privateKey: PrivateKey;
}

const network = new Network('mainnet');
const keys = new Map<string, DevKey>();
const accounts = new Map<string, ReturnType<typeof walletUtils.deriveXpriv>>();

/** Key i of any seed's first account (m/44'/280'/0'/0/i): what a benchmark's own wallets sign with. */
export function seedKey(words: string, index: number): DevKey {
  const id = `${words}\n${index}`;
  let key = keys.get(id);
  if (!key) {
    let account = accounts.get(words);
    if (!account) {
      // The seed's PBKDF2 is the slow part: once per seed.
      account = walletUtils.deriveXpriv(walletUtils.getXPrivKeyFromSeed(words, { networkName: 'mainnet' }), "0'");
      accounts.set(words, account);
    }
    const child = account.deriveNonCompliantChild(0).deriveNonCompliantChild(index);
    const address = new Address(child.publicKey.toAddress(network.bitcoreNetwork).toString(), { network });
    key = { index, address: address.base58, privateKey: child.privateKey };
    keys.set(id, key);
  }
  return key;
}

export function devKey(index: number): DevKey {
  return seedKey(DEV_SEED.words, index);
}

export interface InputSpec {
  txId: string;
  index: number;
  /** who signs; null leaves the input without data */
  key: DevKey | null;
}

export interface OutputSpec {
  address: string;
  value: bigint;
  /** 0 = HTR; i = tokens[i-1] (a creation's 1 = the new token) */
  tokenIndex?: number;
  /** authority outputs carry the mask (1 mint, 2 melt) as value */
  authority?: boolean;
  timelock?: number;
}

export interface TxSpecOptions {
  inputs: InputSpec[];
  outputs: OutputSpec[];
  tokens?: string[];
  parents: string[];
  timestamp: number;
  /** a token-creation tx (version 2) */
  create?: { name: string; symbol: string };
  /** sign with this key instead of each input's own (a forged signature) */
  signWith?: DevKey;
  /** corrupt every signature after signing */
  breakSignatures?: boolean;
}

function output(o: OutputSpec): Output {
  const script = new P2PKH(new Address(o.address, { network }), { timelock: o.timelock ?? null }).createScript();
  return new Output(o.value, script, { tokenData: (o.tokenIndex ?? 0) | (o.authority ? 0x80 : 0) });
}

/** Builds and signs a tx with wallet-lib, the way a wallet would, and returns its hex. */
export function buildTx(o: TxSpecOptions): { hex: string; hash: string } {
  const tx = signedTx(o);
  return { hex: tx.toHex(), hash: tx.hash as string };
}

/** The signed wallet-lib Transaction itself (to hand to wallet-lib's own miner, say). */
export function signedTx(o: TxSpecOptions): Transaction {
  const inputs = o.inputs.map((i) => new Input(i.txId, i.index));
  const outputs = o.outputs.map(output);
  const common = { parents: o.parents, timestamp: o.timestamp, weight: 8, nonce: 0 };
  const tx = o.create
    ? new CreateTokenTransaction(o.create.name, o.create.symbol, inputs, outputs, common)
    : new Transaction(inputs, outputs, { ...common, tokens: o.tokens ?? [] });
  const sighash = tx.getDataToSignHash();
  o.inputs.forEach((spec, i) => {
    const key = o.signWith ?? spec.key;
    if (key === null) return;
    const signature = transactionUtils.getSignature(sighash, key.privateKey);
    if (o.breakSignatures) signature[signature.length - 1] ^= 0x01;
    inputs[i].setData(transactionUtils.createInputData(signature, key.privateKey.toPublicKey().toBuffer()));
  });
  tx.updateHash();
  return tx;
}

/** The node's graph for a new tx now (parents and timestamp), merged into the options. */
export function onNode(node: LiveNode, o: Omit<TxSpecOptions, 'parents' | 'timestamp'> & Partial<TxSpecOptions>): TxSpecOptions {
  const parents = o.parents ?? node.nextTxGraph().parents;
  const timestamp = o.timestamp ?? node.chain.minTimestamp([...parents, ...o.inputs.map((i) => i.txId)]);
  return { ...o, parents, timestamp };
}
