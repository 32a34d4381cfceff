import { createHash } from 'node:crypto';

/**
 * Hathor addresses and output scripts, built byte by byte the way the node encodes them, so that every
 * address is valid base58check with the network's version byte and matches the hash inside its script.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ALPHABET_INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

export function base58Encode(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j] << 8;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = '';
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out += '1';
  for (let i = digits.length - 1; i >= 0; i--) out += ALPHABET[digits[i]];
  return out;
}

export function base58Decode(text: string): Buffer {
  const bytes: number[] = [];
  for (const c of text) {
    const value = ALPHABET_INDEX.get(c);
    if (value === undefined) throw new Error(`invalid base58 character '${c}' in ${text}`);
    let carry = value;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j] * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < text.length && text[i] === '1'; i++) bytes.push(0);
  return Buffer.from(bytes.reverse());
}

export function sha256d(data: Uint8Array): Buffer {
  return createHash('sha256').update(createHash('sha256').update(data).digest()).digest();
}

export interface NetworkBytes {
  p2pkh: number;
  p2sh: number;
  /** network name wallet-lib uses for xpub derivation */
  walletLibNetwork: 'mainnet' | 'testnet';
}

/** Version bytes per full-node network name; the node's `unittests` network uses mainnet's. */
export function networkBytes(network: string): NetworkBytes {
  if (network === 'mainnet' || network === 'unittests') return { p2pkh: 0x28, p2sh: 0x64, walletLibNetwork: 'mainnet' };
  if (/^(testnet|privatenet|nano-testnet)/.test(network)) return { p2pkh: 0x49, p2sh: 0x87, walletLibNetwork: 'testnet' };
  throw new Error(`unknown network '${network}': expected mainnet, unittests, testnet*, nano-testnet* or privatenet`);
}

export type AddressKind = 'P2PKH' | 'MultiSig';

export interface Address {
  base58: string;
  hash160: Buffer;
  kind: AddressKind;
}

export function encodeAddress(hash160: Buffer, kind: AddressKind, network: string): Address {
  if (hash160.length !== 20) throw new Error(`an address hash must be 20 bytes, got ${hash160.length}`);
  const bytes = networkBytes(network);
  const payload = Buffer.concat([Buffer.from([kind === 'P2PKH' ? bytes.p2pkh : bytes.p2sh]), hash160]);
  const base58 = base58Encode(Buffer.concat([payload, sha256d(payload).subarray(0, 4)]));
  return { base58, hash160, kind };
}

/** Decodes and checks a base58check address; throws naming what is wrong. */
export function decodeAddress(base58: string, network: string): Address {
  const raw = base58Decode(base58);
  if (raw.length !== 25) throw new Error(`address ${base58} decodes to ${raw.length} bytes, expected 25`);
  const checksum = sha256d(raw.subarray(0, 21)).subarray(0, 4);
  if (!checksum.equals(raw.subarray(21))) throw new Error(`address ${base58} has a bad checksum`);
  const bytes = networkBytes(network);
  const version = raw[0];
  if (version !== bytes.p2pkh && version !== bytes.p2sh) {
    throw new Error(`address ${base58} has version byte 0x${version.toString(16)}, not one of network ${network}`);
  }
  return { base58, hash160: raw.subarray(1, 21), kind: version === bytes.p2pkh ? 'P2PKH' : 'MultiSig' };
}

/** An output script as the node sends it: base64 bytes plus the `decoded` object's JSON text. */
export interface ScriptInfo {
  base64: string;
  /** exact JSON text of `decoded`: `{"type":..,"address":..,"timelock":..}` or `{}` */
  decoded: string;
  address: string | null;
  timelock: number | null;
}

const OP_DUP = 0x76;
const OP_HASH160 = 0xa9;
const OP_EQUALVERIFY = 0x88;
const OP_EQUAL = 0x87;
const OP_CHECKSIG = 0xac;
const OP_GREATERTHAN_TIMESTAMP = 0x6f;

/** P2PKH or P2SH (MultiSig) script, optionally prefixed by `<timelock> OP_GREATERTHAN_TIMESTAMP`. */
export function addressScript(address: Address, timelock: number | null = null): ScriptInfo {
  const parts: number[] = [];
  if (timelock !== null) {
    if (!Number.isInteger(timelock) || timelock < 0 || timelock > 0xffffffff) throw new Error(`timelock ${timelock} does not fit 4 bytes`);
    parts.push(4, (timelock >>> 24) & 0xff, (timelock >>> 16) & 0xff, (timelock >>> 8) & 0xff, timelock & 0xff, OP_GREATERTHAN_TIMESTAMP);
  }
  const body =
    address.kind === 'P2PKH'
      ? Buffer.concat([Buffer.from([...parts, OP_DUP, OP_HASH160, 20]), address.hash160, Buffer.from([OP_EQUALVERIFY, OP_CHECKSIG])])
      : Buffer.concat([Buffer.from([...parts, OP_HASH160, 20]), address.hash160, Buffer.from([OP_EQUAL])]);
  const decoded = `{"type":"${address.kind}","address":"${address.base58}","timelock":${timelock === null ? 'null' : timelock}}`;
  return { base64: body.toString('base64'), decoded, address: address.base58, timelock };
}

/** An output with no script at all: the node cannot decode it (`decoded: {}`). */
export const EMPTY_SCRIPT: ScriptInfo = { base64: '', decoded: '{}', address: null, timelock: null };

/** A non-standard script (`<data> OP_EQUALVERIFY OP_1`): spendable by whoever knows `data`, no address. */
export function customScript(data: string): ScriptInfo {
  const bytes = Buffer.from(data, 'utf8');
  if (bytes.length === 0 || bytes.length > 75) throw new Error('custom script data must be 1..75 bytes');
  const script = Buffer.concat([Buffer.from([bytes.length]), bytes, Buffer.from([OP_EQUALVERIFY, 0x51])]);
  return { base64: script.toString('base64'), decoded: '{}', address: null, timelock: null };
}

/** Parses a P2PKH/P2SH script (with optional timelock) back to its address hash; null when non-standard. */
export function parseStandardScript(base64: string): { kind: AddressKind; hash160: Buffer; timelock: number | null } | null {
  const s = Buffer.from(base64, 'base64');
  let p = 0;
  let timelock: number | null = null;
  if (s.length === 31 || s.length === 29) {
    if (s[0] !== 4 || s[5] !== OP_GREATERTHAN_TIMESTAMP) return null;
    timelock = s.readUInt32BE(1);
    p = 6;
  }
  const rest = s.subarray(p);
  if (rest.length === 25 && rest[0] === OP_DUP && rest[1] === OP_HASH160 && rest[2] === 20 && rest[23] === OP_EQUALVERIFY && rest[24] === OP_CHECKSIG) {
    return { kind: 'P2PKH', hash160: rest.subarray(3, 23), timelock };
  }
  if (rest.length === 23 && rest[0] === OP_HASH160 && rest[1] === 20 && rest[22] === OP_EQUAL) {
    return { kind: 'MultiSig', hash160: rest.subarray(2, 22), timelock };
  }
  return null;
}
