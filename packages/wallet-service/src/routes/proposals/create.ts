import { randomUUID } from 'crypto';
import { isLocked } from '@wallet-service/common';
import { z } from 'zod';
import { addressPath } from '../../data/addresses';
import { createProposal, inputRows, InputsTakenError, type InputRow, type OutputKey } from '../../data/proposals';
import { readBestHeight } from '../../data/sync';
import { requireWallet } from '../../data/wallets';
import type { ProposalTx } from '../../domain/txHex';
import { nodeVersionOf } from '../../fullnode/version';
import { ApiError, invalidPayload } from '../../http/errors';
import { defineRoute } from '../../http/route';
import { decodeOrThrow, outputKey, readerOf, txHexBody } from './shared';

const keyOf = (k: OutputKey) => `${k.txId}:${k.index}`;

/** Holds tried before giving up on inputs that other proposals keep taking and releasing. */
const HOLD_ATTEMPTS = 3;

/** A tx the service can hold inputs for: some inputs, none twice. */
function checkInputsListed(tx: ProposalTx): void {
  if (tx.inputs.length === 0) throw invalidPayload([{ message: '"txHex" has no inputs: a proposal holds the outputs a tx spends', path: ['txHex'] }]);
  const seen = new Set<string>();
  for (const input of tx.inputs) {
    if (seen.has(keyOf(input))) throw invalidPayload([{ message: `"txHex" spends ${keyOf(input)} twice`, path: ['txHex'] }]);
    seen.add(keyOf(input));
  }
}

/**
 * Every input must be an output that stands, is unspent, is this wallet's, is unlocked now and is free;
 * each failing check lists exactly the inputs that fail it (txId and index), in the tx's order.
 */
function checkInputs(tx: ProposalTx, rows: readonly InputRow[], walletId: string, bestHeight: number, now: number): InputRow[] {
  const byKey = new Map(rows.map((r) => [keyOf({ txId: r.tx_id, index: r.index }), r]));
  const found = tx.inputs.map((k) => ({ key: k, row: byKey.get(keyOf(k)) }));
  const listed = (pick: (row: InputRow) => boolean) => found.filter((f) => f.row && pick(f.row)).map((f) => f.key);
  const missing = found.filter((f) => !f.row || f.row.voided || f.row.spent_by !== null).map((f) => f.key);
  if (missing.length) throw new ApiError('inputs-not-found', { missing, message: 'these inputs are not unspent outputs of a valid transaction' });
  const foreign = listed((r) => r.wallet_id !== walletId);
  if (foreign.length) throw new ApiError('inputs-not-in-wallet', { missing: foreign, message: "these inputs are not this wallet's outputs" });
  const locked = listed((r) => isLocked(r, bestHeight, now));
  if (locked.length) throw new ApiError('inputs-locked', { locked, message: 'these inputs are time- or height-locked' });
  const used = listed((r) => r.tx_proposal !== null);
  if (used.length) throw new ApiError('inputs-already-used', { used, message: 'another tx proposal holds these inputs' });
  return found.map((f) => f.row as InputRow);
}

/**
 * POST /tx/proposal: holds the outputs a signed, mined tx spends, so no other proposal of this wallet
 * spends them before it is pushed (api-spec §4.8). The hold is one conditional UPDATE with its row count
 * checked: of concurrent proposals over the same outputs exactly one wins.
 */
export const txProposalCreate = defineRoute({
  name: 'txProposalCreate',
  method: 'POST',
  path: '/tx/proposal',
  summary: 'Hold the inputs of a signed transaction before it is sent',
  auth: 'full',
  db: 'none',
  body: txHexBody,
  successStatus: 201,
  response: z.object({
    success: z.literal(true),
    txProposalId: z.string(),
    inputs: z.array(outputKey.extend({ addressPath: z.string() })),
  }),
  async run({ app, walletId, body, now }) {
    const db = readerOf(app);
    const tx = decodeOrThrow(body.txHex, app.config.NETWORK);
    checkInputsListed(tx);
    const limits = await nodeVersionOf(app, db, now);
    if (tx.outputCount > limits.max_number_outputs) {
      throw new ApiError('too-many-outputs', { outputs: tx.outputCount, max: limits.max_number_outputs });
    }
    if (tx.inputs.length > limits.max_number_inputs) {
      throw new ApiError('too-many-inputs', { inputs: tx.inputs.length, max: limits.max_number_inputs });
    }
    await requireWallet(db, walletId, 'ready');
    const id = randomUUID();
    // Read once, beside the first read of the inputs; a retry re-reads only the inputs.
    const bestHeightRead = readBestHeight(db);
    // Losing the hold's race means the inputs changed between the read and the UPDATE: read them again, so
    // the loser is told exactly which inputs another proposal took (or that they were spent meanwhile).
    for (let attempt = 1; ; attempt++) {
      const [rows, bestHeight] = await Promise.all([inputRows(db, tx.inputs), bestHeightRead]);
      const inputs = checkInputs(tx, rows, walletId, bestHeight, now);
      try {
        await createProposal(app.pool, { id, walletId, inputs: tx.inputs, now });
      } catch (err) {
        if (!(err instanceof InputsTakenError)) throw err;
        if (attempt < HOLD_ATTEMPTS) continue;
        throw new ApiError('inputs-already-used', { used: [], message: `${err.message}: other proposals keep taking and releasing them` });
      }
      return {
        success: true,
        txProposalId: id,
        inputs: inputs.map((r) => ({ txId: r.tx_id, index: r.index, addressPath: addressPath(r.address_index as number) })),
      };
    }
  },
});
