import { stringifyJson } from '@wallet-service/common';
import type { HttpReply } from '../http';
import type { VertexIndex } from './vertex-index';

/**
 * Query-string handling shared by the node-API routes, with the node's own answers where the node has one.
 * The node's older resources answer a bad request with 200 and `{success:false, message}`; its newer ones
 * (nano contracts) with 400/404 and `{success:false, error}`.
 */

/** A body that may hold bigints (amounts above 2^53), written as exact JSON integers. */
export function bigJsonReply(value: unknown, status = 200): HttpReply {
  return { status, body: stringifyJson(value) };
}

/** The failure shape of the node's older resources (transaction, acc weight, graphviz, thin_wallet). */
export function messageReply(message: string, status = 200): HttpReply {
  return { status, body: JSON.stringify({ success: false, message }) };
}

/** The failure shape of the node's pydantic-based resources (nano contracts). */
export function errorBody(error: string, status: number): HttpReply {
  return { status, body: JSON.stringify({ success: false, error }) };
}

/** The node's message when required parameters are absent: names sorted and joined by ", ". */
export function missingParams(url: URL, names: readonly string[]): string | null {
  const missing = names.filter((n) => !url.searchParams.has(n)).sort();
  return missing.length === 0 ? null : `Missing parameter: ${missing.join(', ')}`;
}

/** Values of a repeated key, accepting both `key[]=` (the node's form) and plain `key=`. */
export function listParam(url: URL, name: string): string[] {
  return [...url.searchParams.getAll(`${name}[]`), ...url.searchParams.getAll(name)];
}

/** Hex the way Python's bytes.fromhex reads it: whitespace between bytes allowed, an even count of digits. */
export function hexBytes(text: string): string | null {
  const digits = text.replace(/\s+/g, '');
  return /^(?:[0-9a-fA-F]{2})*$/.test(digits) ? digits.toLowerCase() : null;
}

export type HashLookup = { vid: number } | { message: string };

/**
 * The node's validate_tx_hash: a value that does not start with 64 hex digits is 'Invalid hash'; one that does
 * but is not hex bytes is 'Invalid hash format'; hex that names no vertex (removed ones included) is
 * 'Transaction not found'.
 */
export function findVertex(index: VertexIndex, text: string): HashLookup {
  if (!/^[a-fA-F\d]{64}/.test(text)) return { message: 'Invalid hash' };
  const hex = hexBytes(text);
  if (hex === null) return { message: 'Invalid hash format' };
  const vid = index.lookup(hex);
  return vid === undefined ? { message: 'Transaction not found' } : { vid };
}

/** A non-negative integer parameter; undefined when absent, an error text when malformed. */
export function uintParam(url: URL, name: string): number | undefined | { error: string } {
  const text = url.searchParams.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    return { error: `${name} must be a non-negative integer, got ${JSON.stringify(text)}` };
  }
  return value;
}
