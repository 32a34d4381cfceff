import { createECDH, createHash, createHmac, ECDH } from 'crypto';

/**
 * BIP32 public derivation and Hathor P2PKH addresses on Node's native crypto, shared by the daemon's
 * gap-limit discovery and the simulator's checker. wallet-lib does the same through bn.js, which is slow
 * (≈250 ms per address inside jest's module sandbox); the results are checked against wallet-lib in the
 * checker's tests.
 */

const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
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

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function inverse(a: bigint): bigint {
  // Fermat: a^(p-2) mod p
  let result = 1n;
  let base = mod(a);
  let e = P - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % P;
    base = (base * base) % P;
    e >>= 1n;
  }
  return result;
}

type Point = { x: bigint; y: bigint };

function toPoint(uncompressed: Buffer): Point {
  return { x: BigInt(`0x${uncompressed.subarray(1, 33).toString('hex')}`), y: BigInt(`0x${uncompressed.subarray(33, 65).toString('hex')}`) };
}

function add(a: Point, b: Point): Point {
  let slope: bigint;
  if (a.x === b.x) {
    if (mod(a.y + b.y) === 0n) throw new Error('derived key is the point at infinity');
    slope = mod(3n * a.x * a.x * inverse(2n * a.y));
  } else {
    slope = mod((b.y - a.y) * inverse(b.x - a.x));
  }
  const x = mod(slope * slope - a.x - b.x);
  return { x, y: mod(slope * (a.x - x) - a.y) };
}

function compress(p: Point): Buffer {
  return Buffer.concat([Buffer.from([p.y & 1n ? 3 : 2]), Buffer.from(p.x.toString(16).padStart(64, '0'), 'hex')]);
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

/** Non-hardened child: point(IL) + parent point, chain code IR. */
export function deriveChild(parent: PublicNode, index: number): PublicNode {
  if (!Number.isInteger(index) || index < 0 || index >= 0x80000000) throw new Error(`public derivation needs a non-hardened index, got ${index}`);
  const data = Buffer.alloc(37);
  parent.key.copy(data, 0);
  data.writeUInt32BE(index, 33);
  const I = createHmac('sha512', parent.chainCode).update(data).digest();
  const IL = I.subarray(0, 32);
  if (BigInt(`0x${IL.toString('hex')}`) >= N) throw new Error(`child ${index} is invalid (IL >= n)`);
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(IL);
  const tweak = toPoint(ecdh.getPublicKey());
  const parentPoint = toPoint(ECDH.convertKey(parent.key, 'secp256k1', undefined, undefined, 'uncompressed') as Buffer);
  return { key: compress(add(tweak, parentPoint)), chainCode: Buffer.from(I.subarray(32)) };
}

/** P2PKH address of a compressed public key for a network's version byte (mainnet/unittests 0x28, test/private 0x49). */
export function p2pkhAddress(publicKey: Buffer, versionByte: number): string {
  const hash160 = createHash('ripemd160').update(sha256(publicKey)).digest();
  return base58CheckEncode(Buffer.concat([Buffer.from([versionByte]), hash160]));
}

/** P2PKH version byte of each wallet-lib network name (the node's `unittests` uses mainnet's). */
export const P2PKH_VERSION_BYTES = { mainnet: 0x28, testnet: 0x49, privatenet: 0x49 } as const;
export type AddressNetwork = keyof typeof P2PKH_VERSION_BYTES;
