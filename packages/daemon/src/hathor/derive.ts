import { receivingAddressDeriver, type AddressNetwork } from '@wallet-service/common';

/**
 * Address derivation for gap-limit discovery. Deterministic, so it may run inside planning; the chain is
 * kept per xpub and addresses are memoized, because discovery derives the same chain over and over.
 */
export function createAddressDeriver(network: AddressNetwork): (xpubkey: string, index: number) => string {
  const chains = new Map<string, (index: number) => string>();
  const addresses = new Map<string, string>();
  return (xpubkey, index) => {
    const key = `${xpubkey}/${index}`;
    const cached = addresses.get(key);
    if (cached) return cached;
    let chain = chains.get(xpubkey);
    if (!chain) {
      chain = receivingAddressDeriver(xpubkey, network);
      chains.set(xpubkey, chain);
    }
    const address = chain(index);
    addresses.set(key, address);
    return address;
  };
}
