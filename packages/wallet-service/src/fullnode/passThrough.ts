import { parseJson } from '@wallet-service/common';
import { ApiError } from '../http/errors';
import { Reply } from '../http/response';
import type { FullNodeAnswer } from './client';

/**
 * A node answer relayed to the client: the node's JSON text as it came (integers beyond 2^53 included),
 * with status 200. A node failure (HTTP error, or a body that is not JSON) becomes a 502 naming the node,
 * never a 500 of ours.
 */
export function relayJson(answer: FullNodeAnswer, baseUrl: string, path: string): Reply {
  if (answer.status >= 400) {
    throw new ApiError('fullnode-error', { message: `the full node at ${baseUrl} answered ${path} with HTTP ${answer.status}`, fullnodeStatus: answer.status });
  }
  try {
    parseJson(answer.text);
  } catch {
    throw new ApiError('fullnode-error', { message: `the full node at ${baseUrl} answered ${path} with something that is not JSON` });
  }
  return new Reply(200, answer.text, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
}
