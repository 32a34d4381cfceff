import { z } from 'zod';
import type { App } from '../../app';
import { closeProposal, heldInputs, InputsTakenError, reopenProposal, type OutputKey, type ProposalRow } from '../../data/proposals';
import type { ProposalTx } from '../../domain/txHex';
import { pushTx } from '../../fullnode/pushTx';
import { ApiError } from '../../http/errors';
import { defineRoute } from '../../http/route';
import { decodeOrThrow, ownProposal, proposalIdParams, readerOf, requireUnfinished, txHexBody } from './shared';

const sameInputs = (held: readonly OutputKey[], tx: ProposalTx) =>
  held.length === tx.inputs.length && held.every((k, i) => k.txId === tx.inputs[i].txId && k.index === tx.inputs[i].index);

const listed = (keys: readonly OutputKey[]) => keys.map((k) => `${k.txId}:${k.index}`).join(', ') || 'none';

/**
 * The inputs the pushed tx must spend, exactly and in order. A proposal whose last send failed freed
 * them; it takes them back first (if nobody else did), so a retry is safe.
 */
async function holdForSend(app: App, proposal: ProposalRow, tx: ProposalTx, now: number): Promise<void> {
  if (proposal.status === 'send_error') {
    try {
      if (await reopenProposal(app.pool, { id: proposal.id, inputs: tx.inputs, now })) return;
    } catch (err) {
      if (err instanceof InputsTakenError) {
        throw new ApiError('inputs-already-used', { txProposalId: proposal.id, message: `${err.message}: they were spent or taken since the failed send` });
      }
      throw err;
    }
    throw new ApiError('tx-proposal-not-open', { txProposalId: proposal.id, message: 'the proposal changed while this send started' });
  }
  const held = await heldInputs(readerOf(app), proposal.id);
  if (!sameInputs(held, tx)) {
    throw new ApiError('tx-proposal-no-match', {
      txProposalId: proposal.id,
      message: `the tx spends ${listed(tx.inputs)} but the proposal holds ${listed(held)}`,
    });
  }
}

/** Records a failed send: the proposal becomes send_error and its inputs are free again. */
async function failed(app: App, id: string, now: number): Promise<void> {
  if (!(await closeProposal(app.pool, { id, from: ['open'], to: 'send_error', now }))) {
    app.log.warn('tx proposal changed while its send failed', { txProposalId: id });
  }
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
    const proposal = await ownProposal(readerOf(app), params.txProposalId, walletId);
    requireUnfinished(proposal);
    const tx = decodeOrThrow(body.txHex, app.config.NETWORK);
    await holdForSend(app, proposal, tx, now);
    let verdict;
    try {
      verdict = await pushTx(app.fullNode, body.txHex);
    } catch (err) {
      await failed(app, proposal.id, now);
      if (err instanceof ApiError) throw new ApiError(err.code, { ...err.extra, txProposalId: proposal.id, txHex: body.txHex });
      throw err;
    }
    if (!verdict.accepted) {
      await failed(app, proposal.id, now);
      throw new ApiError('tx-proposal-send-error', { message: verdict.message, txProposalId: proposal.id, txHex: body.txHex });
    }
    if (!(await closeProposal(app.pool, { id: proposal.id, from: ['open'], to: 'sent', now }))) {
      // Cancelled during the push: the node has the tx all the same, and the daemon will record its spend.
      app.log.warn('tx proposal cancelled while the node accepted its tx', { txProposalId: proposal.id, txId: tx.hash });
    }
    app.log.info('tx proposal sent', { txProposalId: proposal.id, txId: tx.hash });
    return { success: true, txProposalId: proposal.id, txHex: body.txHex };
  },
});
