import { withQueryTimeout, withTransaction, type Queryable } from '@wallet-service/common';
import { z } from 'zod';
import type { App } from '../../app';
import { heldInputs, InputsTakenError, lockProposal, recordSend, rehold, type OutputKey, type ProposalRow } from '../../data/proposals';
import type { ProposalTx } from '../../domain/txHex';
import { pushTx } from '../../fullnode/pushTx';
import { ApiError } from '../../http/errors';
import { defineRoute } from '../../http/route';
import { decodeOrThrow, ownedOrThrow, proposalIdParams, requireUnfinished, txHexBody } from './shared';

const sameInputs = (held: readonly OutputKey[], tx: ProposalTx) =>
  held.length === tx.inputs.length && held.every((k, i) => k.txId === tx.inputs[i].txId && k.index === tx.inputs[i].index);

const listed = (keys: readonly OutputKey[]) => keys.map((k) => `${k.txId}:${k.index}`).join(', ') || 'none';

/**
 * The inputs the pushed tx must spend, exactly and in order. A proposal whose last send failed freed
 * them; it takes them back first (if nobody else did), so a retry is safe.
 */
async function holdForSend(db: Queryable, proposal: ProposalRow, tx: ProposalTx): Promise<void> {
  if (proposal.status === 'send_error') {
    try {
      return await rehold(db, proposal.id, tx.inputs);
    } catch (err) {
      if (!(err instanceof InputsTakenError)) throw err;
      throw new ApiError('inputs-already-used', { txProposalId: proposal.id, message: `${err.message}: they were spent or taken since the failed send` });
    }
  }
  const held = await heldInputs(db, proposal.id);
  if (!sameInputs(held, tx)) {
    throw new ApiError('tx-proposal-no-match', {
      txProposalId: proposal.id,
      message: `the tx spends ${listed(tx.inputs)} but the proposal holds ${listed(held)}`,
    });
  }
}

type Outcome = { sent: true; txId: string } | { sent: false; failure: ApiError };

/**
 * The whole send is one transaction that holds the proposal's row lock across the push: two sends of
 * one proposal, or a send and a cancel (or the cron), never interleave — the later one waits and then
 * finds the proposal sent, or failed with its inputs free. The failure is committed, then answered.
 */
async function sendLocked(app: App, id: string, walletId: string, hex: string, now: number): Promise<Outcome> {
  return withTransaction(app.pool, async (conn) => {
    const db = withQueryTimeout(conn, app.config.DB_QUERY_TIMEOUT_MS);
    const proposal = ownedOrThrow(await lockProposal(db, id), id, walletId);
    requireUnfinished(proposal);
    const tx = decodeOrThrow(hex, app.config.NETWORK);
    await holdForSend(db, proposal, tx);
    let failure: ApiError;
    try {
      const verdict = await pushTx(app.fullNode, hex);
      if (verdict.accepted) {
        await recordSend(db, id, 'sent', now);
        return { sent: true, txId: tx.hash };
      }
      failure = new ApiError('tx-proposal-send-error', { message: verdict.message, txProposalId: id, txHex: hex });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // The node is down, slow or answered nonsense: the tx may not be out, so its inputs are freed.
      failure = new ApiError(err.code, { ...err.extra, txProposalId: id, txHex: hex });
    }
    await recordSend(db, id, 'send_error', now);
    return { sent: false, failure };
  });
}

/**
 * PUT /tx/proposal/{txProposalId}: pushes the proposal's tx to the full node (api-spec §4.8). Accepted:
 * the proposal is sent and keeps its inputs until the daemon records their spend. Refused, or the node
 * unreachable: send_error, inputs freed, and the node's message (or what went wrong) in the answer.
 */
export const txProposalSend = defineRoute({
  name: 'txProposalSend',
  method: 'PUT',
  path: '/tx/proposal/{txProposalId}',
  summary: "Push a proposal's transaction to the full node",
  auth: 'full',
  db: 'none',
  params: proposalIdParams,
  body: txHexBody,
  response: z.object({ success: z.literal(true), txProposalId: z.string(), txHex: z.string() }),
  async run({ app, walletId, params, body, now }) {
    const outcome = await sendLocked(app, params.txProposalId, walletId, body.txHex, now);
    if (!outcome.sent) {
      app.log.info('tx proposal send failed', { txProposalId: params.txProposalId, error: outcome.failure.code });
      throw outcome.failure;
    }
    app.log.info('tx proposal sent', { txProposalId: params.txProposalId, txId: outcome.txId });
    return { success: true, txProposalId: params.txProposalId, txHex: body.txHex };
  },
});
