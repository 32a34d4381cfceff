import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { placeholderCredentialsFor } from '@wallet-service/common';
import type { ApiConfig } from '../config';

/**
 * Server-initiated frames go through the API Gateway Management API (PostToConnection on the websocket
 * API's @connections endpoint, WS_ENDPOINT); offline that endpoint is serverless-offline's websocket
 * port, which answers a closed connection with 410 like the gateway does.
 */
export type PostOutcome = { kind: 'sent' } | { kind: 'gone' } | { kind: 'failed'; err: unknown };

export interface WsSender {
  post(connectionId: string, frame: string): Promise<PostOutcome>;
}

function isGone(err: unknown): boolean {
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  // serverless-offline answers 410 with no body, which the SDK cannot name: the status is what counts.
  return e?.name === 'GoneException' || e?.$metadata?.httpStatusCode === 410;
}

export function managementApiSender(c: Pick<ApiConfig, 'WS_ENDPOINT' | 'WS_POST_TIMEOUT_MS' | 'AWS_REGION'>): WsSender {
  const endpoint = c.WS_ENDPOINT;
  let client: ApiGatewayManagementApiClient | undefined;
  return {
    async post(connectionId, frame) {
      if (endpoint === undefined) return { kind: 'failed', err: new Error('WS_ENDPOINT is not set: no @connections endpoint to post to') };
      // Loaded on first use: only the queue consumer posts, and the SDK costs every other cold start.
      const sdk = await import('@aws-sdk/client-apigatewaymanagementapi');
      client ??= new sdk.ApiGatewayManagementApiClient({
        endpoint,
        region: c.AWS_REGION,
        credentials: placeholderCredentialsFor(endpoint, process.env),
        // One attempt: a failed post is retried with its whole record, after the claim is released.
        maxAttempts: 1,
      });
      try {
        await client.send(new sdk.PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(frame) }), {
          abortSignal: AbortSignal.timeout(c.WS_POST_TIMEOUT_MS),
        });
        return { kind: 'sent' };
      } catch (err) {
        return isGone(err) ? { kind: 'gone' } : { kind: 'failed', err };
      }
    },
  };
}
