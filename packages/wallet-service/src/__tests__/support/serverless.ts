import { execFile } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { promisify } from 'util';

/**
 * The Serverless Framework CLI as CI or a new developer runs it: an empty HOME (no ~/.aws, no login, no
 * cached state), no AWS_* variables, telemetry and notifications off.
 */
export const SERVICE_DIR = path.resolve(__dirname, '../../..');
const SLS = require.resolve('serverless/bin/serverless.js', { paths: [SERVICE_DIR] });

export function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_') && !key.startsWith('SERVERLESS_')) env[key] = value;
  return { ...env, HOME: home, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
}

export interface SlsRun {
  stdout: string;
  stderr: string;
  ms: number;
}

export async function serverless(args: string[], timeoutMs = 240_000): Promise<SlsRun> {
  const home = mkdtempSync(path.join(tmpdir(), 'sls-home-'));
  const started = Date.now();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SLS, ...args], { cwd: SERVICE_DIR, env: cleanEnv(home), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, ms: Date.now() - started };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** `scripts/bundle.mjs`: dist/lambda/handlers.js from the current sources. */
export async function bundle(): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(SERVICE_DIR, 'scripts/bundle.mjs')], { cwd: SERVICE_DIR, timeout: 120_000 });
}

/** The parts of the resolved service configuration (`serverless print --format json`) the tests read. */
export interface HttpEvent {
  path: string;
  method: string;
  cors?: unknown;
  authorizer?: { name: string; type: string };
  private?: boolean;
}

export interface ServiceConfig {
  service: string;
  provider: { runtime: string; stage: string; environment: Record<string, string> };
  functions: Record<string, { handler: string; name: string; timeout?: number; events?: { http?: HttpEvent; sns?: unknown; schedule?: unknown; websocket?: unknown; sqs?: unknown }[] }>;
}
