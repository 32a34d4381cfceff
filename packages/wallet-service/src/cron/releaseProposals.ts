import { containerApp, type App } from '../app';
import { closeProposal, staleProposals } from '../data/proposals';

/**
 * The release of abandoned tx proposals (api-spec §8 `cleanUnsentTxProposalsUtxos`): a client that
 * created a proposal and never sent or cancelled it, or whose send failed, would otherwise keep its
 * inputs out of every wallet read for good. Every proposal older than TX_PROPOSAL_RELEASE_AFTER_S that is
 * open, send_error, or cancelled but still holding outputs is set cancelled and its outputs freed.
 */
export interface ReleaseSummary {
  /** Proposals set cancelled with their outputs freed. */
  released: number;
  /** Listed, but their status had moved on (sent, cancelled by the client) before we got to them. */
  skipped: number;
  /** Whether the run stopped at its limit: the next run takes the rest. */
  more: boolean;
}

/** Bounds one run so it ends well inside the function's timeout, whatever a backlog holds. */
export const RELEASE_LIMIT = 500;

export async function releaseStaleProposals(app: Pick<App, 'pool' | 'log' | 'clock' | 'config'>, limit = RELEASE_LIMIT): Promise<ReleaseSummary> {
  const startedAt = performance.now();
  const now = app.clock();
  const before = now - app.config.TX_PROPOSAL_RELEASE_AFTER_S;
  const stale = await staleProposals(app.pool, before, limit);
  const summary: ReleaseSummary = { released: 0, skipped: 0, more: stale.length === limit };
  try {
    for (const p of stale) {
      // One transaction per proposal, guarded by the status we listed it with: a send or cancel that got
      // there first wins, and what was released before a failure stays released.
      const closed = await closeProposal(app.pool, { id: p.id, from: [p.status], to: 'cancelled', now });
      if (closed) summary.released++;
      else summary.skipped++;
    }
  } catch (err) {
    app.log.error('releasing stale tx proposals failed; the next run tries again', { ...summary, listed: stale.length, err });
    throw err;
  }
  app.log.info('stale tx proposals released', { ...summary, before, durationMs: Math.round(performance.now() - startedAt) });
  return summary;
}

/** The scheduled function (serverless.yml `schedule`): the event carries nothing it needs. */
export async function cleanUnsentTxProposals(): Promise<ReleaseSummary> {
  return releaseStaleProposals(containerApp());
}
