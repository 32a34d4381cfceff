import type { LambdaClient } from '@aws-sdk/client-lambda';
import { placeholderCredentialsFor } from '@wallet-service/common';
import type { App } from '../app';
import { loadFunctionName } from '../config';
import { runWalletLoad, type LoadRequest } from './loadWallet';

/**
 * How /wallet/init starts a wallet's load without waiting for it. `lambda`: an Event invoke of the load
 * function (deployed: AWS; offline: serverless-offline's Lambda port, set as LAMBDA_ENDPOINT).
 * `in-process`: the load runs in this process after the answer (tests, or a single-process server).
 */
export interface LoadInvoker {
  invoke(request: LoadRequest): Promise<void>;
}

export function createLoadInvoker(app: App): LoadInvoker {
  const c = app.config;
  if (c.WALLET_LOAD_INVOKER === 'in-process') {
    return {
      invoke(request) {
        setImmediate(() => {
          runWalletLoad(app, request).catch((err: unknown) => app.log.error('in-process wallet load failed', { err }));
        });
        return Promise.resolve();
      },
    };
  }
  let client: LambdaClient | undefined;
  return {
    async invoke(request) {
      // Loaded on first use: only /wallet/init invokes, and the SDK costs ~0.3 s of every cold start.
      const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
      client ??= new LambdaClient({
        region: c.AWS_REGION,
        endpoint: c.LAMBDA_ENDPOINT,
        credentials: placeholderCredentialsFor(c.LAMBDA_ENDPOINT, process.env),
        maxAttempts: 2,
      });
      const out = await client.send(
        new InvokeCommand({
          FunctionName: loadFunctionName(c),
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(request)),
        }),
      );
      if (out.StatusCode !== 202) throw new Error(`the load function answered the invoke with status ${String(out.StatusCode)}, not 202`);
    },
  };
}
