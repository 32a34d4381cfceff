import type { OutputKey } from '../data/proposals';

/**
 * A signed transaction as a proposal needs it: what it spends (in order) and how much it creates. The
 * bytes are decoded by @hathor/wallet-lib, the parser the clients build them with, so a tx the client
 * can make is a tx we can read (regular, token creation, and their headers).
 */
export interface ProposalTx {
  hash: string;
  version: number;
  inputs: OutputKey[];
  outputCount: number;
  hex: string;
}

export class UndecodableTx extends Error {
  override name = 'UndecodableTx';
}

type WalletLib = typeof import('@hathor/wallet-lib');
let lib: WalletLib | undefined;

/**
 * wallet-lib is 1.8 MB of bundle and starts a background task on load: it is required on the first
 * proposal, not at the container's start, so the read routes' cold starts do not pay for it.
 */
function walletLib(): WalletLib {
  if (!lib) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
    lib = require('@hathor/wallet-lib') as WalletLib;
    // Its GLL task keeps the event loop alive; nothing here uses it.
    lib.stopGLLBackgroundTask();
  }
  return lib;
}

const networks = new Map<string, InstanceType<WalletLib['Network']>>();

/** wallet-lib knows mainnet and testnet; a privatenet uses testnet's address bytes. */
function libNetwork(name: string) {
  const libName = name === 'mainnet' ? 'mainnet' : 'testnet';
  let n = networks.get(libName);
  if (!n) {
    n = new (walletLib().Network)(libName);
    networks.set(libName, n);
  }
  return n;
}

/** Decodes `hex` (already checked to be hexadecimal of even length); throws UndecodableTx naming the problem. */
export function decodeProposalTx(hex: string, network: string): ProposalTx {
  const { helpersUtils } = walletLib();
  let tx;
  try {
    tx = helpersUtils.createTxFromHex(hex, libNetwork(network));
  } catch (err) {
    throw new UndecodableTx(`is not a transaction: ${(err as Error).message}`);
  }
  // The parser stops where the tx ends: trailing bytes would make a hex that is not the tx we reserve for.
  if (tx.toHex() !== hex.toLowerCase()) throw new UndecodableTx('has bytes after the end of the transaction');
  return {
    hash: tx.calculateHash(),
    version: tx.version,
    inputs: tx.inputs.map((i) => ({ txId: i.hash, index: i.index })),
    outputCount: tx.outputs.length,
    hex: hex.toLowerCase(),
  };
}
