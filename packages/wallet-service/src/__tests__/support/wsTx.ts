import { randomBytes } from 'crypto';
import { stringifyJson } from '@wallet-service/common';

/** A transaction in the shape wallet-lib 4.1.0's wsTransactionSchema accepts, paying `value` (bigint: any size). */
export function wsTx(value: bigint, address = 'HJtnyxsCqzppk58HFzRtYs2m6GK35vptnp'): Record<string, unknown> {
  const script = { type: 'Buffer', data: [118, 169, 20, ...randomBytes(20), 136, 172] };
  return {
    tx_id: randomBytes(32).toString('hex'),
    nonce: 7,
    timestamp: 1_765_000_000,
    version: 1,
    voided: false,
    weight: 17.5,
    parents: [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')],
    height: null,
    token_name: null,
    token_symbol: null,
    signal_bits: 0,
    inputs: [{ tx_id: randomBytes(32).toString('hex'), index: 0, value, token_data: 0, script, token: '00', decoded: { type: 'P2PKH', address, timelock: null } }],
    outputs: [{ value, token_data: 0, script, token: '00', locked: false, index: 0, decoded: { type: 'P2PKH', address, timelock: null } }],
  };
}

/** A queue body as the daemon writes it, amounts as raw integers. */
export function notificationBody(id: string, wallets: string[], kind: 'tx' | 'update', tx: Record<string, unknown>): string {
  return stringifyJson({ id, wallets, [kind]: tx });
}

/** An SQS event of these bodies, as the event source mapping (or the offline poller) hands it over. */
export function sqsEvent(bodies: { messageId: string; body: string }[]): { Records: Record<string, unknown>[] } {
  return {
    Records: bodies.map(({ messageId, body }) => ({
      messageId,
      receiptHandle: `rh-${messageId}`,
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:new-tx',
      awsRegion: 'us-east-1',
    })),
  };
}
