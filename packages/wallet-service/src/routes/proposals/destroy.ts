import { z } from 'zod';
import { closeProposal, findProposal } from '../../data/proposals';
import { ApiError } from '../../http/errors';
import { defineRoute } from '../../http/route';
import { ownProposal, proposalIdParams, readerOf, requireUnfinished, UNFINISHED } from './shared';

/** DELETE /tx/proposal/{txProposalId}: cancels an unsent proposal and frees its inputs (api-spec §4.8). */
export const txProposalDestroy = defineRoute({
  name: 'txProposalDestroy',
  method: 'DELETE',
  path: '/tx/proposal/{txProposalId}',
  summary: 'Cancel an unsent proposal and free its inputs',
  auth: 'full',
  db: 'none',
  params: proposalIdParams,
  response: z.object({ success: z.literal(true), txProposalId: z.string() }),
  async run({ app, walletId, params, now }) {
    const db = readerOf(app);
    const proposal = await ownProposal(db, params.txProposalId, walletId);
    requireUnfinished(proposal);
    if (!(await closeProposal(app.pool, { id: proposal.id, from: UNFINISHED, to: 'cancelled', now }))) {
      // A send or the cron finished it between the read and the cancel: report the status it has now.
      const current = await findProposal(db, proposal.id);
      throw new ApiError('tx-proposal-not-open', { status: current?.status ?? 'cancelled', txProposalId: proposal.id });
    }
    return { success: true, txProposalId: proposal.id };
  },
});
