import { z } from 'zod';

/** Client → node messages on /v1a/event_ws (daemon-spec §1.2). */
const NonNegativeInt = z.number().int().nonnegative();

export const StartStream = z.object({
  type: z.literal('START_STREAM'),
  last_ack_event_id: NonNegativeInt.nullable().optional(),
  window_size: NonNegativeInt,
});

export const Ack = z.object({
  type: z.literal('ACK'),
  ack_event_id: NonNegativeInt,
  window_size: NonNegativeInt,
});

export const StopStream = z.object({ type: z.literal('STOP_STREAM') });

export const ClientMessage = z.discriminatedUnion('type', [StartStream, Ack, StopStream]);

export type StartStream = z.output<typeof StartStream>;
export type Ack = z.output<typeof Ack>;
export type StopStream = z.output<typeof StopStream>;
export type ClientMessage = z.output<typeof ClientMessage>;
