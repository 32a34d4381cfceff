import { stringifyJson } from '@wallet-service/common';

/**
 * Readable differences between two truth-like objects (a Truth, a database dump shaped like one, ...),
 * restricted to the named top-level fields. Integers compare by value whether they are `number` or
 * `bigint`; lists of sorted ids compare as sets first (then order); lists of outputs are matched by
 * (tx_id, index). Returns one line per difference, empty when the fields are equal.
 */
export function diffTruth(expected: object, actual: object, fields: readonly string[], maxLines = 200): string[] {
  const out: string[] = [];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const field of fields) diffValue(field, e[field], a[field], out);
  if (out.length > maxLines) {
    const more = out.length - maxLines;
    out.length = maxLines;
    out.push(`… and ${more} more difference(s)`);
  }
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = stringifyJson(value);
  } catch {
    text = String(value);
  }
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function isInteger(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function diffValue(path: string, expected: unknown, actual: unknown, out: string[]): void {
  if (expected === undefined && actual === undefined) return;
  if (expected === undefined) return void out.push(`${path}: unexpected in actual (${show(actual)})`);
  if (actual === undefined) return void out.push(`${path}: missing in actual (expected ${show(expected)})`);
  if (isInteger(expected) && isInteger(actual)) {
    if (BigInt(expected) !== BigInt(actual)) out.push(`${path}: expected ${show(expected)}, actual ${show(actual)}`);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) return diffArray(path, expected, actual, out);
  if (isPlainObject(expected) && isPlainObject(actual)) return diffObject(path, expected, actual, out);
  if (!Object.is(expected, actual)) out.push(`${path}: expected ${show(expected)}, actual ${show(actual)}`);
}

function diffObject(path: string, expected: Record<string, unknown>, actual: Record<string, unknown>, out: string[]): void {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of [...keys].sort()) diffValue(`${path}.${key}`, expected[key], actual[key], out);
}

function outpointOf(v: unknown): string | null {
  if (!isPlainObject(v) || typeof v.tx_id !== 'string' || typeof v.index !== 'number') return null;
  return `${v.tx_id}:${v.index}`;
}

function diffArray(path: string, expected: unknown[], actual: unknown[], out: string[]): void {
  const all = [...expected, ...actual];
  if (all.length > 0 && all.every((v) => outpointOf(v) !== null)) return diffKeyed(path, expected, actual, out);
  if (all.every((v) => typeof v === 'string' || isInteger(v))) return diffScalars(path, expected, actual, out);
  if (expected.length !== actual.length) out.push(`${path}: expected ${expected.length} item(s), actual ${actual.length}`);
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) diffValue(`${path}[${i}]`, expected[i], actual[i], out);
}

function diffKeyed(path: string, expected: unknown[], actual: unknown[], out: string[]): void {
  const byKey = (list: unknown[]) => new Map(list.map((v) => [outpointOf(v)!, v]));
  const e = byKey(expected);
  const a = byKey(actual);
  for (const [key, value] of e) {
    if (!a.has(key)) out.push(`${path}[${key}]: missing in actual (expected ${show(value)})`);
    else diffValue(`${path}[${key}]`, value, a.get(key), out);
  }
  for (const [key, value] of a) if (!e.has(key)) out.push(`${path}[${key}]: unexpected in actual (${show(value)})`);
}

function diffScalars(path: string, expected: unknown[], actual: unknown[], out: string[]): void {
  const key = (v: unknown) => String(v);
  const e = new Set(expected.map(key));
  const a = new Set(actual.map(key));
  const missing = [...e].filter((v) => !a.has(v));
  const extra = [...a].filter((v) => !e.has(v));
  if (missing.length > 0) out.push(`${path}: missing in actual: ${missing.join(', ')}`);
  if (extra.length > 0) out.push(`${path}: unexpected in actual: ${extra.join(', ')}`);
  if (missing.length === 0 && extra.length === 0 && expected.map(key).join() !== actual.map(key).join()) {
    out.push(`${path}: same items in a different order or multiplicity (expected ${show(expected)}, actual ${show(actual)})`);
  }
}
