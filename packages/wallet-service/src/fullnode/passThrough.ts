import { parseJson, stringifyJson } from '@wallet-service/common';
import { ApiError } from '../http/errors';
import { exactForJsonParse, Reply } from '../http/response';
import type { FullNodeAnswer } from './client';

/**
 * A node answer relayed to the client, with status 200: the node's JSON text as it came, unless it holds
 * integers beyond 2^53 (amounts of big tokens). Those the node writes as JSON numbers, which wallet-lib's
 * plain JSON.parse would round; they are relayed as decimal strings, which its schemas coerce to exact
 * bigints (as in our own answers). A node failure (HTTP error, or a body that is not JSON) becomes a 502
 * naming the node, never a 500 of ours.
 */
const hasUnsafeInteger = (value: unknown): boolean =>
  typeof value === 'bigint' || (value !== null && typeof value === 'object' && Object.values(value).some(hasUnsafeInteger));

export function relayJson(answer: FullNodeAnswer, baseUrl: string, path: string): Reply {
  if (answer.status >= 400) {
    throw new ApiError('fullnode-error', { message: `the full node at ${baseUrl} answered ${path} with HTTP ${answer.status}`, fullnodeStatus: answer.status });
  }
  let parsed: unknown;
  try {
    parsed = parseJson(answer.text);
  } catch {
    throw new ApiError('fullnode-error', { message: `the full node at ${baseUrl} answered ${path} with something that is not JSON` });
  }
  const text = hasUnsafeInteger(parsed) ? stringifyJson(exactForJsonParse(parsed)) : answer.text;
  return new Reply(200, text, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
}
