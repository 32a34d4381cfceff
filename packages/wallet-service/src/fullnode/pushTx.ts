import { parseJson } from '@wallet-service/common';
import { ApiError } from '../http/errors';
import type { FullNode } from './client';

/** The node's verdict on a pushed tx: push_tx answers HTTP 200 either way, with its reason when it refuses. */
export interface PushVerdict {
  accepted: boolean;
  message: string;
}

/**
 * POST push_tx {hex_tx, force: false}. A node that is down, slow, or answers something that is not its
 * push_tx shape is an ApiError naming the node (502 / 504), never a verdict: only the node's own
 * `success` says whether the tx was accepted.
 */
export async function pushTx(node: FullNode, hex: string): Promise<PushVerdict> {
  const answer = await node.post('push_tx', { hex_tx: hex, force: false });
  const where = `the full node at ${node.baseUrl}`;
  let body: unknown;
  try {
    body = parseJson(answer.text);
  } catch {
    throw new ApiError('fullnode-error', { message: `${where} answered push_tx with HTTP ${answer.status} and a body that is not JSON` });
  }
  const success = (body as { success?: unknown } | null)?.success;
  if (typeof success !== 'boolean') {
    throw new ApiError('fullnode-error', { message: `${where} answered push_tx with HTTP ${answer.status} and no success field` });
  }
  const message = (body as { message?: unknown }).message;
  return { accepted: success, message: typeof message === 'string' ? message : '' };
}
