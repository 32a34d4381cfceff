// wallet-lib 3 ships CommonJS without usable typings for these helpers' import paths.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const walletLib = require('@hathor/wallet-lib') as {
  stopGLLBackgroundTask?: () => void;
  walletUtils: { xpubDeriveChild(xpub: string, index: number): string };
  addressUtils: { deriveAddressFromXPubP2PKH(xpub: string, index: number, network: string): { base58: string } };
};
// Loading wallet-lib starts a background timer that would keep the process (and tests) alive.
walletLib.stopGLLBackgroundTask?.();

export type WalletLibNetwork = 'mainnet' | 'testnet' | 'privatenet';

/**
 * Address derivation for gap-limit discovery: account-level xpub → external chain (child 0) → child i →
 * P2PKH address for the network. Deterministic, so it may run inside planning; memoized per xpub because
 * discovery derives the same chain over and over.
 */
export function createAddressDeriver(network: WalletLibNetwork): (xpubkey: string, index: number) => string {
  const chains = new Map<string, string>();
  const addresses = new Map<string, string>();
  return (xpubkey, index) => {
    const key = `${xpubkey}/${index}`;
    const cached = addresses.get(key);
    if (cached) return cached;
    let chain = chains.get(xpubkey);
    if (!chain) {
      chain = walletLib.walletUtils.xpubDeriveChild(xpubkey, 0);
      chains.set(xpubkey, chain);
    }
    const address = walletLib.addressUtils.deriveAddressFromXPubP2PKH(chain, index, network).base58;
    addresses.set(key, address);
    return address;
  };
}
