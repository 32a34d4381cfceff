import { HTR_UID } from '@wallet-service/common';
import { z } from 'zod';
import { address, queryAmount, queryBool, queryInt, tokenId, txId } from '../../http/fields';

/** Query of /wallet/tx_outputs and /wallet/utxos (api-spec §4.7); `addresses[]` is axios's array style. */
export const outputsQuery = z
  .strictObject({
    id: z.string().optional(),
    'addresses[]': z.array(address).min(1).max(1000).optional(),
    tokenId: tokenId.default(HTR_UID),
    authority: queryInt(1, 255).optional(),
    ignoreLocked: queryBool.default(false),
    biggerThan: queryAmount.optional(),
    smallerThan: queryAmount.optional(),
    totalAmount: queryAmount.optional(),
    maxAmount: queryAmount.optional(),
    maxOutputs: queryInt(1, 5000).default(255),
    skipSpent: queryBool.default(true),
    txId: txId.optional(),
    index: queryInt(0, 65535).optional(),
    kind: z.enum(['transparent']).optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.txId === undefined) !== (q.index === undefined)) {
      ctx.addIssue({ code: 'custom', path: [q.txId === undefined ? 'txId' : 'index'], message: '"txId" and "index" must be given together' });
    }
    if (q.totalAmount !== undefined && q.maxAmount !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxAmount'], message: '"maxAmount" cannot be combined with "totalAmount"' });
    }
  });

export type OutputsQuery = z.output<typeof outputsQuery>;
