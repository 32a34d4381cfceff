import { createHash } from 'crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { base58CheckDecode, hash160, p2pkhAddress, parseXpub, P2PKH_VERSION_BYTES, receivingAddressDeriver, type AddressNetwork } from '@wallet-service/common';

/**
 * Hathor's signed-message proofs (api-spec §2.2): Bitcoin's "signed message" scheme with the prefix
 * "Hathor Signed Message:\n". The signature is a 65-byte recoverable compact signature, base64; it is
 * valid when the public key it recovers hashes to the address the message names.
 */
const MAGIC = Buffer.from('Hathor Signed Message:\n', 'utf8');

function varint(n: number): Buffer {
  if (n < 0xfd) return Buffer.from([n]);
  if (n <= 0xffff) {
    const b = Buffer.alloc(3);
    b[0] = 0xfd;
    b.writeUInt16LE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = 0xfe;
  b.writeUInt32LE(n, 1);
  return b;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

export function messageDigest(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return sha256(sha256(Buffer.concat([varint(MAGIC.length), MAGIC, varint(body.length), body])));
}

/**
 * The 64-byte (r ‖ s) readings of a compact signature's body. wallet-lib 4.1.0's bundled bitcore writes r
 * and s without their leading zero byte when they are below 2^248 (about 1 signature in 128), so a 63- or
 * 62-byte body is read with the missing zeros put back in each place they can have been.
 */
function compactBodies(body: Buffer): Buffer[] {
  const zero = Buffer.alloc(1);
  if (body.length === 64) return [body];
  if (body.length === 63) return [Buffer.concat([zero, body]), Buffer.concat([body.subarray(0, 32), zero, body.subarray(32)])];
  if (body.length === 62) return [Buffer.concat([zero, body.subarray(0, 31), zero, body.subarray(31)])];
  return [];
}

function recoversTo(body: Buffer, recovery: number, compressed: boolean, digest: Buffer, addressHash: Buffer): boolean {
  try {
    const point = secp256k1.Signature.fromCompact(body).addRecoveryBit(recovery).recoverPublicKey(digest);
    return hash160(Buffer.from(point.toRawBytes(compressed))).equals(addressHash);
  } catch {
    return false;
  }
}

/** Whether `signatureB64` signs `message` with the key of `address` (any malformed input is simply false). */
export function verifyMessage(message: string, signatureB64: string, address: string): boolean {
  try {
    const sig = Buffer.from(signatureB64, 'base64');
    if (sig.toString('base64') !== signatureB64.replace(/\s/g, '')) return false;
    const header = sig[0];
    if (header < 27 || header > 34) return false;
    const payload = base58CheckDecode(address);
    if (payload.length !== 21) return false;
    const digest = messageDigest(message);
    return compactBodies(sig.subarray(1)).some((body) => recoversTo(body, (header - 27) & 3, header >= 31, digest, payload.subarray(1)));
  } catch {
    return false;
  }
}

/** The P2PKH address of an extended public key's own key (no derivation): what the proofs name. */
export function addressOfXpub(xpub: string, network: AddressNetwork): string {
  return p2pkhAddress(parseXpub(xpub).key, P2PKH_VERSION_BYTES[network]);
}

/** The message every proof signs: timestamp, wallet id and the signer's address, concatenated. */
export function proofMessage(timestamp: number, walletId: string, address: string): string {
  return `${timestamp}${walletId}${address}`;
}

/** sha256d of the xpub string, hex: the wallet id (the client computes the same). */
export function walletIdOf(xpub: string): string {
  return sha256(sha256(Buffer.from(xpub, 'utf8'))).toString('hex');
}

export function receivingAddress(xpub: string, index: number, network: AddressNetwork): string {
  return receivingAddressDeriver(xpub, network)(index);
}
