import type { InvalidRequestType } from '@wallet-service/common';

export interface EnvelopeIds {
  peerId: string;
  network: string;
  streamId: string;
}

/**
 * Builds EVENT messages textually around the raw event text, in the node's key order, so event objects go
 * out byte-identical to what was recorded or generated and no number is ever re-encoded.
 */
export class EnvelopeBuilder {
  private readonly prefix: string;
  private readonly streamIdText: string;

  constructor(ids: EnvelopeIds) {
    this.prefix =
      `{"type":"EVENT","peer_id":${JSON.stringify(ids.peerId)},"network":${JSON.stringify(ids.network)},"event":`;
    this.streamIdText = JSON.stringify(ids.streamId);
  }

  build(rawEvent: string, latestEventId: number): string {
    return `${this.prefix}${rawEvent},"latest_event_id":${latestEventId},"stream_id":${this.streamIdText}}`;
  }
}

/** The node's reply to a request it refuses; the connection stays open afterwards. */
export function invalidRequestText(type: InvalidRequestType, rawRequest: string | null, errorMessage: string | null): string {
  return JSON.stringify({ type, invalid_request: rawRequest, error_message: errorMessage });
}
