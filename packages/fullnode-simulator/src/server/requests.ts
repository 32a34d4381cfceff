import { ClientMessage } from '@wallet-service/common';

export type RequestParse = { ok: true; request: ClientMessage } | { ok: false; error: string };

const REQUEST_TYPES = ['START_STREAM', 'ACK', 'STOP_STREAM'];

/**
 * Decodes one client frame. Anything that is not a well-formed request (bad JSON, unknown type, negative or
 * non-integer ids, missing fields) is a VALIDATION_ERROR; the error text says what was wrong.
 */
export function parseRequest(text: string): RequestParse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `request is not valid JSON: ${(err as Error).message}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'request must be a JSON object' };
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || !REQUEST_TYPES.includes(type)) {
    return { ok: false, error: `unknown request type ${JSON.stringify(type)}; expected one of ${REQUEST_TYPES.join(', ')}` };
  }
  const parsed = ClientMessage.safeParse(body);
  if (parsed.success) return { ok: true, request: parsed.data };
  const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`);
  return { ok: false, error: `invalid ${type} request: ${details.join('; ')}` };
}
