import { readFileSync } from 'fs';
import { parseJson } from '@wallet-service/common';
import { normalizeTruth, type Truth } from '../truth/types';

type Parsed = Record<string, unknown> & { utxos?: unknown; unaddressed_utxos?: unknown };

/**
 * The recorded fixtures list unaddressed outputs inside `utxos` (address null) and give only their count in
 * `unaddressed_utxos`; a Truth keeps them apart. Converts the first form into the second, checking the count.
 */
function splitUnaddressed(parsed: Parsed, path: string): Parsed {
  if (typeof parsed.unaddressed_utxos !== 'number') return parsed;
  if (!Array.isArray(parsed.utxos)) throw new Error(`${path}: "utxos" must be an array`);
  const isUnaddressed = (u: unknown) => typeof u === 'object' && u !== null && (u as { address?: unknown }).address === null;
  const unaddressed = parsed.utxos.filter(isUnaddressed);
  if (unaddressed.length !== parsed.unaddressed_utxos) {
    throw new Error(`${path}: "unaddressed_utxos" says ${parsed.unaddressed_utxos} but "utxos" holds ${unaddressed.length} output(s) without an address`);
  }
  return { ...parsed, utxos: parsed.utxos.filter((u) => !isUnaddressed(u)), unaddressed_utxos: unaddressed };
}

/** Reads a truth file (generated truth, or a fixture `.expected.json`) without losing integers above 2^53. */
export function readExpected(path: string): Truth {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read truth file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: expected a JSON object`);
  try {
    return normalizeTruth(splitUnaddressed(parsed as Parsed, path));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}
