import { parse as losslessParse, stringify as losslessStringify } from 'lossless-json';

/**
 * Full-node frames carry unsigned 64-bit amounts, and Node 20's JSON.parse cannot see a number's source
 * text, so integers beyond 2^53 would silently round. A number literal with at most 15 significant digits
 * is always exact as a double, so the fast native parser is used unless a number token (at the start, or after `:`, `,` or
 * `[`) starts with 16 or more digits; only then is the (slower) lossless parser needed. Digit runs inside
 * strings (hex hashes) do not count. Either way integers come back as `number` when
 * they are safe and as `bigint` when they are not, and fractions stay `number`.
 */
const LONG_DIGIT_RUN = /(?:^|[:,[])\s*-?\d{16}/;

function parseNumber(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  return Number(text);
}

export function parseJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  return losslessParse(text, null, parseNumber);
}

/** JSON.stringify that writes bigint values as plain JSON integers (never strings, never rounded). */
export function stringifyJson(value: unknown): string {
  const out = losslessStringify(value);
  if (out === undefined) throw new Error('value cannot be serialized to JSON');
  return out;
}
