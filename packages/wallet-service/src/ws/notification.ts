import { parseJson } from '@wallet-service/common';
import { z } from 'zod';

/**
 * A new-tx queue body as the daemon writes it (the contract between the two):
 * `{"id":"<notification id>","wallets":["<walletId>",…],"tx":<WsTx>}` for a transaction that first
 * touches the wallets, or the same with `"update":<WsTx>` when its state changed for them. Amounts are
 * raw JSON integers that may exceed 2^53, so the body is parsed losslessly (they come back as bigint).
 *
 * The transaction is checked against wallet-lib 4.1.0's wsTransactionSchema (client-contract §6): a
 * frame the client would drop is better refused here, logged and parked in the dead-letter queue, than
 * silently lost in every client. It is then sent exactly as the daemon wrote it (extra fields included).
 */
const int = z.number().int();
const amount = z.union([z.number().int().nonnegative(), z.bigint().nonnegative()]);
const txId = z.string().regex(/^[0-9a-fA-F]{64}$/, 'a 64-character hex id');
const bufferJson = z.object({ type: z.literal('Buffer'), data: z.array(int.min(0).max(255)) });

const input = z.looseObject({
  tx_id: txId,
  index: int,
  value: amount,
  token_data: int,
  script: bufferJson,
  token: z.string(),
  decoded: z.looseObject({ type: z.string(), address: z.string(), timelock: z.number().nullish() }),
});

const output = z.looseObject({
  value: amount,
  token_data: int,
  script: bufferJson,
  token: z.string(),
  locked: z.boolean(),
  index: int,
  decoded: z.looseObject({ type: z.string().nullish(), address: z.string().optional(), timelock: z.number().nullish() }),
});

export const wsTxSchema = z.looseObject({
  tx_id: txId,
  nonce: z.number(),
  timestamp: z.number(),
  version: z.number(),
  voided: z.boolean(),
  weight: z.number(),
  parents: z.array(z.string()),
  height: z.number().nullish(),
  token_name: z.string().nullable(),
  token_symbol: z.string().nullable(),
  signal_bits: z.number(),
  inputs: z.array(input),
  outputs: z.array(output),
});

const envelope = z.object({
  id: z.string().min(1).max(128),
  wallets: z.array(z.string().min(1).max(64)).min(1),
  tx: z.unknown().optional(),
  update: z.unknown().optional(),
});

export interface Notification {
  id: string;
  wallets: string[];
  type: 'new-tx' | 'update-tx';
  /** The transaction as parsed (bigint where an integer is not a safe number). */
  data: Record<string, unknown>;
}

export class BadNotification extends Error {
  override name = 'BadNotification';
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

/** The notification of a queue body, or BadNotification saying what is wrong with it. */
export function parseNotification(body: string): Notification {
  let parsed: unknown;
  try {
    parsed = parseJson(body);
  } catch (err) {
    throw new BadNotification(`body is not JSON: ${(err as Error).message}`);
  }
  const env = envelope.safeParse(parsed);
  if (!env.success) throw new BadNotification(describe(env.error));
  const { id, wallets, tx, update } = env.data;
  if ((tx === undefined) === (update === undefined)) throw new BadNotification('exactly one of `tx` and `update` is required');
  const data = tx ?? update;
  const checked = wsTxSchema.safeParse(data);
  if (!checked.success) throw new BadNotification(`${tx !== undefined ? 'tx' : 'update'}: ${describe(checked.error)}`);
  return { id, wallets: [...new Set(wallets)], type: tx !== undefined ? 'new-tx' : 'update-tx', data: data as Record<string, unknown> };
}
