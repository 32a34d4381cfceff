import type { IncomingMessage } from 'http';
import { parseJson } from '@wallet-service/common';

/** Bodies above this are refused: a tx is at most a few kB, a larger body is a mistake or an attack. */
const MAX_BODY_BYTES = 1 << 20;

export type BodyResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Reads a JSON request body with lossless numbers; every failure is an error text, never a throw. */
export async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > MAX_BODY_BYTES) return { ok: false, error: `request body is larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: false, error: 'request body is empty; expected a JSON object' };
  try {
    const value = parseJson(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'request body must be a JSON object' };
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: `request body is not valid JSON: ${(err as Error).message}` };
  }
}
