import { deriveChild, p2pkhAddress, parseXpub, P2PKH_VERSION_BYTES, type AddressNetwork, type PublicNode } from '@wallet-service/common';


/**
 * Address derivation for gap-limit discovery: account-level xpub → external chain (child 0) → child i →
 * P2PKH address for the network. Deterministic, so it may run inside planning; the external chain node
 * is cached per xpub and addresses are memoized, because discovery derives the same chain over and over.
 */
export function createAddressDeriver(network: AddressNetwork): (xpubkey: string, index: number) => string {
  const version = P2PKH_VERSION_BYTES[network];
  const chains = new Map<string, PublicNode>();
  const addresses = new Map<string, string>();
  return (xpubkey, index) => {
    const key = `${xpubkey}/${index}`;
    const cached = addresses.get(key);
    if (cached) return cached;
    let chain = chains.get(xpubkey);
    if (!chain) {
      chain = deriveChild(parseXpub(xpubkey), 0);
      chains.set(xpubkey, chain);
    }
    const address = p2pkhAddress(deriveChild(chain, index).key, version);
    addresses.set(key, address);
    return address;
  };
}
