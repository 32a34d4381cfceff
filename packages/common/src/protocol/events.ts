import { z } from 'zod';
import { MAX_UINT64 } from '../hathor/constants';

/**
 * Schemas of what a Hathor full node sends on /v1a/event_ws (daemon-spec §1). Shared by the daemon, which
 * decodes every frame with them, and the simulator, which checks what it generates against them.
 * Unknown object keys are dropped: newer nodes add fields, and nothing past decoding should see them.
 */

export const Hex = z.string().regex(/^[0-9a-f]*$/i, 'expected a hex string');
export const Hash = z.string().regex(/^[0-9a-f]{64}$/i, 'expected a 32-byte hex hash');
const NonNegativeInt = z.number().int().nonnegative();

/** Unsigned 64-bit integer that may arrive as a number (exact below 2^53) or a bigint (above). */
export const Uint64 = z
  .union([z.number().int().nonnegative(), z.bigint().nonnegative()])
  .transform((v) => BigInt(v))
  .refine((v) => v <= MAX_UINT64, 'exceeds the unsigned 64-bit range');

/** Node integers that have no 64-bit meaning for us but can still exceed 2^53 (e.g. block nonces). */
const AnyInteger = z.union([z.number().int(), z.bigint()]);

/** `decoded` of an output: `{type, address, timelock}` for standard scripts, `{}` (or null) otherwise. */
export const DecodedScript = z
  .object({
    type: z.string().optional(),
    address: z.string().optional(),
    timelock: z.number().int().nullable().optional(),
  })
  .nullable();

export const TxOutput = z.object({
  value: Uint64,
  token_data: z.number().int().min(0).max(255),
  script: z.string(),
  decoded: DecodedScript,
});

export const TxInput = z.object({
  tx_id: Hash,
  index: NonNegativeInt,
  spent_output: TxOutput,
});

/** Vertex headers; only the nano-contract header (id "10") is interpreted. */
export const TxHeader = z.object({
  id: z.string(),
  nc_seqnum: z.number().int().optional(),
  nc_id: z.string().optional(),
  nc_method: z.string().optional(),
  nc_address: z.string().optional(),
});

export const SpentOutput = z.object({ index: NonNegativeInt, tx_ids: z.array(Hash) });

export const NcExecution = z.enum(['pending', 'success', 'failure', 'skipped']);

export const TxMetadata = z.object({
  hash: Hash,
  spent_outputs: z.array(SpentOutput),
  conflict_with: z.array(Hash),
  voided_by: z.array(Hex),
  received_by: z.array(z.string()),
  twins: z.array(Hash),
  accumulated_weight: z.number(),
  score: z.number(),
  accumulated_weight_raw: z.string().optional(),
  score_raw: z.string().optional(),
  first_block: Hash.nullable().optional(),
  height: NonNegativeInt,
  validation: z.string(),
  nc_execution: NcExecution.nullable().optional(),
});

const txFields = {
  hash: Hash,
  nonce: AnyInteger,
  timestamp: NonNegativeInt,
  signal_bits: z.number().int().optional(),
  version: z.number().int().min(0).max(255),
  weight: z.number(),
  inputs: z.array(TxInput),
  outputs: z.array(TxOutput),
  parents: z.array(Hash),
  tokens: z.array(Hash),
  token_name: z.string().nullable().optional(),
  token_symbol: z.string().nullable().optional(),
  aux_pow: z.string().nullable().optional(),
  headers: z.array(TxHeader).optional().default([]),
  name: z.string().nullable().optional(),
};

export const TxDataWithoutMeta = z.object(txFields);
export const TxData = z.object({ ...txFields, metadata: TxMetadata });

const Empty = z.object({});

export const ReorgStartedData = z.object({
  reorg_size: NonNegativeInt,
  previous_best_block: Hash,
  new_best_block: Hash,
  common_block: Hash,
});

export const NcEventData = z.object({
  vertex_id: Hash,
  nc_id: Hex,
  nc_execution: z.string().nullable().optional(),
  first_block: Hash.nullable().optional(),
  data_hex: Hex,
});

export const TokenCreatedData = z.object({
  token_uid: Hash,
  nc_exec_info: z.object({ nc_tx: Hash, nc_block: Hash }).nullable().optional(),
  token_name: z.string(),
  token_symbol: z.string(),
  token_version: z.number().int().min(0),
  initial_amount: Uint64.nullable().optional(),
});

const base = {
  id: NonNegativeInt,
  timestamp: z.number(),
  group_id: NonNegativeInt.nullable(),
};

const event = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ ...base, type: z.literal(type), data });

export const FullNodeEvent = z.discriminatedUnion('type', [
  event('LOAD_STARTED', Empty),
  event('LOAD_FINISHED', Empty),
  event('NEW_VERTEX_ACCEPTED', TxData),
  event('VERTEX_METADATA_CHANGED', TxData),
  event('VERTEX_REMOVED', TxDataWithoutMeta),
  event('REORG_STARTED', ReorgStartedData),
  event('REORG_FINISHED', Empty),
  event('NC_EVENT', NcEventData),
  event('TOKEN_CREATED', TokenCreatedData),
  event('FULL_NODE_CRASHED', Empty),
]);

export const KNOWN_EVENT_TYPES = [
  'LOAD_STARTED',
  'LOAD_FINISHED',
  'NEW_VERTEX_ACCEPTED',
  'VERTEX_METADATA_CHANGED',
  'VERTEX_REMOVED',
  'REORG_STARTED',
  'REORG_FINISHED',
  'NC_EVENT',
  'TOKEN_CREATED',
  'FULL_NODE_CRASHED',
] as const;
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];

/** An event whose type this version does not know: carried through so it can be logged and passed. */
export const UnknownEvent = z.object({ ...base, type: z.string(), data: z.unknown() });

export const EventEnvelope = z.object({
  type: z.literal('EVENT'),
  peer_id: z.string(),
  network: z.string(),
  stream_id: z.string(),
  latest_event_id: NonNegativeInt,
  event: z.unknown(),
});

export const INVALID_REQUEST_TYPES = [
  'EVENT_WS_NOT_RUNNING',
  'STREAM_IS_ACTIVE',
  'STREAM_IS_INACTIVE',
  'VALIDATION_ERROR',
  'ACK_TOO_SMALL',
  'ACK_TOO_LARGE',
] as const;

export const InvalidRequest = z.object({
  type: z.enum(INVALID_REQUEST_TYPES),
  invalid_request: z.string().nullable(),
  error_message: z.string().nullable(),
});

export type Uint64 = z.output<typeof Uint64>;
export type DecodedScript = z.output<typeof DecodedScript>;
export type TxOutput = z.output<typeof TxOutput>;
export type TxInput = z.output<typeof TxInput>;
export type TxHeader = z.output<typeof TxHeader>;
export type TxMetadata = z.output<typeof TxMetadata>;
export type TxData = z.output<typeof TxData>;
export type TxDataWithoutMeta = z.output<typeof TxDataWithoutMeta>;
export type ReorgStartedData = z.output<typeof ReorgStartedData>;
export type NcEventData = z.output<typeof NcEventData>;
export type TokenCreatedData = z.output<typeof TokenCreatedData>;
export type FullNodeEvent = z.output<typeof FullNodeEvent>;
export type UnknownEvent = z.output<typeof UnknownEvent> & { type: string };
export type EventEnvelope = z.output<typeof EventEnvelope>;
export type InvalidRequest = z.output<typeof InvalidRequest>;
export type InvalidRequestType = (typeof INVALID_REQUEST_TYPES)[number];
