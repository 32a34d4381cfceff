import { helpersUtils, Network } from '@hathor/wallet-lib';
import { networkBytes } from '../generator/scripts';

/** A pushed transaction as the live node needs it: what was signed, what it spends and what it creates. */
export interface ParsedTx {
  hash: string;
  version: number;
  signalBits: number;
  nonce: number;
  timestamp: number;
  weight: number;
  parents: string[];
  tokens: string[];
  inputs: Array<{ txId: string; index: number; data: Buffer }>;
  outputs: Array<{ value: bigint; tokenData: number; script: Buffer }>;
  /** token-creation txs (version 2) only */
  tokenName: string | null;
  tokenSymbol: string | null;
  tokenVersion: number;
  headerCount: number;
  /** sha256d of the funds fields: what every P2PKH input signs */
  sighash: Buffer;
  hex: string;
}

export type ParseResult = { ok: true; tx: ParsedTx } | { ok: false; message: string };

/** The node's answers to bytes it cannot use (push_tx.py). */
export const MISSING_HEX = 'Missing hexadecimal data';
export const INVALID_HEX = 'Invalid hexadecimal data';
export const UNDECODABLE = 'This transaction is invalid. Try to decode it first to validate it.';

const networks = new Map<string, Network>();

function libNetwork(network: string): Network {
  const name = networkBytes(network).walletLibNetwork;
  let n = networks.get(name);
  if (!n) {
    n = new Network(name);
    networks.set(name, n);
  }
  return n;
}

/** Decodes a hex tx with wallet-lib; every failure is one of the node's messages, never a throw. */
export function parseTxHex(hexTx: unknown, network: string): ParseResult {
  if (typeof hexTx !== 'string' || hexTx === '') return { ok: false, message: MISSING_HEX };
  if (hexTx.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hexTx)) return { ok: false, message: INVALID_HEX };
  let tx;
  try {
    tx = helpersUtils.createTxFromHex(hexTx, libNetwork(network));
  } catch {
    return { ok: false, message: UNDECODABLE };
  }
  // wallet-lib parses a prefix; trailing garbage makes other bytes than the ones hashed
  if (tx.toHex() !== hexTx.toLowerCase()) return { ok: false, message: UNDECODABLE };
  const creation = tx.version === 2 ? (tx as unknown as { name: string; symbol: string; tokenVersion?: number }) : null;
  return {
    ok: true,
    tx: {
      hash: tx.calculateHash(),
      version: tx.version,
      signalBits: tx.signalBits,
      nonce: tx.nonce,
      timestamp: tx.timestamp ?? 0,
      weight: tx.weight,
      parents: [...tx.parents],
      tokens: [...tx.tokens],
      inputs: tx.inputs.map((i) => ({ txId: i.hash, index: i.index, data: i.data ?? Buffer.alloc(0) })),
      outputs: tx.outputs.map((o) => ({ value: BigInt(o.value), tokenData: o.tokenData, script: o.script })),
      tokenName: creation?.name ?? null,
      tokenSymbol: creation?.symbol ?? null,
      tokenVersion: creation ? Number(creation.tokenVersion ?? 1) : 0,
      headerCount: tx.headers.length,
      sighash: tx.getDataToSignHash(),
      hex: hexTx.toLowerCase(),
    },
  };
}
