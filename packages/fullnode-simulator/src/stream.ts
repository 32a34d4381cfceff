/**
 * The shared representation of a full-node event stream. Each event is kept as the exact JSON text of the
 * `event` object a node sends, so serving it again is byte-identical and amounts above 2^53 never pass
 * through a lossy number type. Event ids are consecutive from 0 and equal the array index.
 */
export interface StreamMeta {
  peerId: string;
  network: string;
  streamId: string;
  rewardSpendMinBlocks: number;
}

export interface EventStream {
  meta: StreamMeta;
  /** raw text of each `event` object, index = event id */
  events: string[];
}
