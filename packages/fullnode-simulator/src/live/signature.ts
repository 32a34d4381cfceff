import { secp256k1 } from '@noble/curves/secp256k1';
import { hash160 } from '@wallet-service/common';

/** What a P2PKH script evaluation ends with, in hathor-core's words (its ScriptError texts). */
export const EQUAL_VERIFY_FAILED = 'Failed to verify if elements are equal';
/** OP_CHECKSIG logs its failure, and the final-stack error joins the log */
export const SIGNATURE_FAILED = 'OP_CHECKSIG: failed\nStack left with False value';
export const PUBKEY_NOT_COMPRESSED = 'OP_CHECKSIG: pubkey is not a compressed public key';
export const INPUT_DATA_MALFORMED = 'Input data is not a P2PKH signature and public key';

/** Splits script data into its pushes (one-byte lengths under 76, OP_PUSHDATA1 above); null when it is not pushes only. */
function pushes(data: Buffer): Buffer[] | null {
  const out: Buffer[] = [];
  let p = 0;
  while (p < data.length) {
    let len = data[p++];
    if (len === 0x4c) {
      if (p >= data.length) return null;
      len = data[p++];
    } else if (len === 0 || len > 75) {
      return null;
    }
    if (p + len > data.length) return null;
    out.push(data.subarray(p, p + len));
    p += len;
  }
  return out;
}

/**
 * Runs a P2PKH spend: the input data pushes a DER signature and a compressed public key, the key hashes to
 * the spent output's address and the signature verifies over the tx's sighash. Returns null when it holds,
 * otherwise the node's error text. wallet-lib has no input verifier (client-contract §7), hence this.
 */
export function checkP2pkhSpend(inputData: Buffer, addressHash: Buffer, sighash: Buffer): string | null {
  const parts = pushes(inputData);
  if (parts === null || parts.length !== 2) return INPUT_DATA_MALFORMED;
  const [signature, publicKey] = parts;
  if (!hash160(publicKey).equals(addressHash)) return EQUAL_VERIFY_FAILED;
  if (publicKey.length !== 33 || (publicKey[0] !== 2 && publicKey[0] !== 3)) return PUBKEY_NOT_COMPRESSED;
  try {
    const sig = secp256k1.Signature.fromDER(signature);
    return secp256k1.verify(sig.toCompactRawBytes(), sighash, publicKey, { lowS: false, prehash: false }) ? null : SIGNATURE_FAILED;
  } catch {
    // a signature that does not even decode fails OP_CHECKSIG like a wrong one
    return SIGNATURE_FAILED;
  }
}
