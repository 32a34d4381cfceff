import { withQueryTimeout, type Queryable } from '@wallet-service/common';
import { z } from 'zod';
import type { App } from '../../app';
import { findProposal, type ProposalRow } from '../../data/proposals';
import { decodeProposalTx, UndecodableTx, type ProposalTx } from '../../domain/txHex';
import { ApiError, invalidPayload } from '../../http/errors';

/**
 * What the three proposal routes share. They take connections from the pool as they go rather than
 * holding the request's one: the reservation, the send and the release are transactions of their own.
 */

/** A hundred kB of tx: well past what 255 inputs and 255 outputs take, short of a body that is only load. */
const MAX_TX_HEX = 200_000;

export const txHexBody = z.strictObject({
  txHex: z
    .string()
    .min(2)
    .max(MAX_TX_HEX)
    .regex(/^(?:[0-9a-fA-F]{2})+$/, 'must be the transaction as hexadecimal bytes (an even number of 0-9, a-f)'),
});

export const proposalIdParams = z.strictObject({ txProposalId: z.uuid('must be a tx proposal id (a UUID)').transform((s) => s.toLowerCase()) });

export const outputKey = z.object({ txId: z.string(), index: z.number() });

/** Reads with the API's query deadline, from the pool. */
export const readerOf = (app: App): Queryable => withQueryTimeout(app.pool, app.config.DB_QUERY_TIMEOUT_MS);

/** The decoded tx, or 400 invalid-payload naming txHex and why it is not one. */
export function decodeOrThrow(hex: string, network: string): ProposalTx {
  try {
    return decodeProposalTx(hex, network);
  } catch (err) {
    if (err instanceof UndecodableTx) throw invalidPayload([{ message: `"txHex" ${err.message}`, path: ['txHex'] }]);
    throw err;
  }
}

/** The proposal, if it is this wallet's: 404 when there is none, 403 when it is another wallet's. */
export function ownedOrThrow(proposal: ProposalRow | null, id: string, walletId: string): ProposalRow {
  if (!proposal) throw new ApiError('tx-proposal-not-found', { txProposalId: id });
  if (proposal.wallet_id !== walletId) throw new ApiError('forbidden', { message: 'this tx proposal belongs to another wallet' });
  return proposal;
}

export async function ownProposal(db: Queryable, id: string, walletId: string): Promise<ProposalRow> {
  return ownedOrThrow(await findProposal(db, id), id, walletId);
}

/** The statuses a proposal can still be sent or cancelled from. */
export const UNFINISHED = ['open', 'send_error'] as const;

export function requireUnfinished(p: ProposalRow): void {
  if (!(UNFINISHED as readonly string[]).includes(p.status)) throw new ApiError('tx-proposal-not-open', { status: p.status, txProposalId: p.id });
}
