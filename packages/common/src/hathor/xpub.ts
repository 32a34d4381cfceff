import { createHash, createHmac } from 'crypto';
import { secp256k1 } from '@noble/curves/secp256k1';

/**
 * BIP32 public derivation and Hathor P2PKH addresses (hashes on Node's native crypto, curve points with
 * @noble/curves), shared by the daemon's gap-limit discovery, the wallet API's wallet load and the
 * simulator's checker. wallet-lib does the same through bitcore, which is slow (≈250 ms per address
 * inside jest's module sandbox); the results are checked against wallet-lib in the checker's tests.
 */

const Point = secp256k1.ProjectivePoint;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function checksum(payload: Buffer): Buffer {
  return sha256(sha256(payload)).subarray(0, 4);
}

export function base58CheckDecode(text: string): Buffer {
  let n = 0n;
  for (const ch of text) {
    const digit = BASE58.indexOf(ch);
    if (digit < 0) throw new Error(`'${ch}' is not a base58 character`);
    n = n * 58n + BigInt(digit);
  }
  const hex = n === 0n ? '' : n.toString(16);
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  let zeros = 0;
  while (text[zeros] === '1') zeros++;
  const bytes = Buffer.concat([Buffer.alloc(zeros), body]);
  if (bytes.length < 5) throw new Error('too short for base58check');
  const payload = bytes.subarray(0, bytes.length - 4);
  if (!checksum(payload).equals(bytes.subarray(bytes.length - 4))) throw new Error('bad base58check checksum');
  return payload;
}

export function base58CheckEncode(payload: Buffer): string {
  const bytes = Buffer.concat([payload, checksum(payload)]);
  let n = BigInt(`0x${bytes.toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out = `1${out}`;
  return out;
}

export interface PublicNode {
  key: Buffer;
  chainCode: Buffer;
}

/** Parses a serialized extended public key (any version bytes). */
export function parseXpub(xpub: string): PublicNode {
  const payload = base58CheckDecode(xpub);
  if (payload.length !== 78) throw new Error(`an extended key has 78 bytes, this one ${payload.length}`);
  const key = payload.subarray(45, 78);
  if (key[0] !== 2 && key[0] !== 3) throw new Error('not an extended public key');
  return { key: Buffer.from(key), chainCode: Buffer.from(payload.subarray(13, 45)) };
}

const parsedPoints = new WeakMap<PublicNode, InstanceType<typeof Point>>();

/** The parent's point, decompressed once per node (a wallet derives all its addresses from one node). */
function parentPoint(node: PublicNode): InstanceType<typeof Point> {
  let point = parsedPoints.get(node);
  if (!point) {
    point = Point.fromHex(node.key);
    parsedPoints.set(node, point);
  }
  return point;
}

/** Non-hardened child: point(IL) + parent point, chain code IR. */
export function deriveChild(parent: PublicNode, index: number): PublicNode {
  if (!Number.isInteger(index) || index < 0 || index >= 0x80000000) throw new Error(`public derivation needs a non-hardened index, got ${index}`);
  const data = Buffer.alloc(37);
  parent.key.copy(data, 0);
  data.writeUInt32BE(index, 33);
  const I = createHmac('sha512', parent.chainCode).update(data).digest();
  const il = BigInt(`0x${I.subarray(0, 32).toString('hex')}`);
  if (il === 0n || il >= N) throw new Error(`child ${index} is invalid (IL out of range)`);
  // Public derivation involves no secret, so the faster variable-time multiplication is fine.
  const child = Point.BASE.multiplyUnsafe(il).add(parentPoint(parent));
  if (child.equals(Point.ZERO)) throw new Error(`child ${index} is invalid (point at infinity)`);
  return { key: Buffer.from(child.toRawBytes(true)), chainCode: Buffer.from(I.subarray(32)) };
}

/** RIPEMD-160 of SHA-256: what a P2PKH address and script name a public key by. */
export function hash160(data: Buffer): Buffer {
  return createHash('ripemd160').update(sha256(data)).digest();
}

/** P2PKH address of a compressed public key for a network's version byte (mainnet/unittests 0x28, test/private 0x49). */
export function p2pkhAddress(publicKey: Buffer, versionByte: number): string {
  return base58CheckEncode(Buffer.concat([Buffer.from([versionByte]), hash160(publicKey)]));
}

/** P2PKH version byte of each wallet-lib network name (the node's `unittests` uses mainnet's). */
export const P2PKH_VERSION_BYTES = { mainnet: 0x28, testnet: 0x49, privatenet: 0x49 } as const;
export type AddressNetwork = keyof typeof P2PKH_VERSION_BYTES;

/**
 * Receiving addresses of an account-level xpub (m/44'/280'/0'): external chain (child 0), then child
 * `index`, as P2PKH for the network. The chain node is derived once per deriver.
 */
export function receivingAddressDeriver(xpubkey: string, network: AddressNetwork): (index: number) => string {
  const chain = deriveChild(parseXpub(xpubkey), 0);
  const version = P2PKH_VERSION_BYTES[network];
  return (index) => p2pkhAddress(deriveChild(chain, index).key, version);
}
