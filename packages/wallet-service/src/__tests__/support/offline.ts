import { spawn, type ChildProcess } from 'child_process';
import path from 'path';
import { freePort } from '@wallet-service/common/testing/ports';
import type { DbConfig } from '@wallet-service/common';
import { testEnv } from './api';

/**
 * The API as it runs offline: `yarn workspace wallet-service start` (scripts/offline.cjs → bundle →
 * serverless offline) as a child process on free ports, against a test database. Resolves once the
 * start script says the API answers.
 */
export interface Offline {
  baseUrl: string;
  httpPort: number;
  lambdaPort: number;
  output(): string;
  stop(): Promise<void>;
}

const SERVICE_DIR = path.resolve(__dirname, '../../..');

export async function startOffline(db: { config: DbConfig }, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<Offline> {
  const [httpPort, wsPort, lambdaPort] = [await freePort(), await freePort(), await freePort()];
  const child: ChildProcess = spawn(process.execPath, [path.join(SERVICE_DIR, 'scripts/offline.cjs')], {
    cwd: SERVICE_DIR,
    env: {
      ...process.env,
      ...testEnv(db, { WALLET_LOAD_INVOKER: 'lambda', LOG_LEVEL: 'info', ...env }),
      API_PORT: String(httpPort),
      API_WS_PORT: String(wsPort),
      API_LAMBDA_PORT: String(lambdaPort),
      LAMBDA_ENDPOINT: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${httpPort}/dev/`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serverless offline did not start within ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
    const check = setInterval(() => {
      if (out.includes('wallet API ready at')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`serverless offline exited with ${code}:\n${out.slice(-3000)}`));
    });
  });
  return {
    baseUrl,
    httpPort,
    lambdaPort,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
