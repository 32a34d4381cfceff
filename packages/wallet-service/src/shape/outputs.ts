import { isLocked, toBigInt } from '@wallet-service/common';
import { z } from 'zod';
import { addressPath } from '../data/addresses';
import type { WalletOutputRow } from '../data/outputs';

export const outputEntrySchema = z.object({
  txId: z.string(),
  index: z.number(),
  tokenId: z.string(),
  address: z.string(),
  value: z.number(),
  authorities: z.number(),
  timelock: z.number().nullable(),
  heightlock: z.number().nullable(),
  locked: z.boolean(),
  txProposalId: z.string().nullable(),
  txProposalIndex: z.number().nullable(),
  spentBy: z.string().nullable(),
  mode: z.literal(0),
  recoveryState: z.null(),
  addressPath: z.string(),
  kind: z.literal('transparent'),
});

export interface ShapedOutput {
  row: WalletOutputRow;
  /** The output's value; for an authority output its mask, as the node reports it. */
  value: bigint;
}

export const withValue = (row: WalletOutputRow): ShapedOutput => ({
  row,
  value: (row.authorities ?? 0) > 0 ? BigInt(row.authorities ?? 0) : toBigInt(row.value),
});

export function toOutputEntry({ row, value }: ShapedOutput, bestHeight: number, now: number) {
  return {
    txId: row.tx_id,
    index: row.index,
    tokenId: row.token_id,
    address: row.address,
    value,
    authorities: row.authorities ?? 0,
    timelock: row.timelock,
    heightlock: row.heightlock,
    // As of this read: a timelock that passed since the daemon's last commit no longer locks.
    locked: isLocked(row, bestHeight, now),
    txProposalId: row.tx_proposal,
    txProposalIndex: row.tx_proposal_index,
    spentBy: row.spent_by,
    mode: 0 as const,
    recoveryState: null,
    addressPath: addressPath(row.address_index ?? 0),
    kind: 'transparent' as const,
  };
}
