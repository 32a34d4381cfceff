import { spawn, type ChildProcess } from 'child_process';
import { readFileSync } from 'fs';
import path from 'path';
import { dbEnv, type DbConfig } from '@wallet-service/common';

/**
 * The built daemon (dist/main.js) as a child process, configured only through its environment — the
 * same way an operator runs it. Used by the benchmark and the crash tests.
 */
export const DAEMON_MAIN = path.resolve(__dirname, '..', '..', 'dist', 'main.js');

export interface DaemonEnv {
  db: DbConfig;
  wsUrl: string;
  peerId: string;
  streamId: string;
  network: string;
  batchSize: number;
  windowSize: number;
  healthPort: number;
  extra?: Record<string, string>;
  /** Node options before the script (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export function spawnDaemon(env: DaemonEnv, output: 'inherit' | 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn(process.execPath, [...(env.nodeArgs ?? []), DAEMON_MAIN], {
    stdio: ['ignore', output, output],
    env: {
      PATH: process.env.PATH,
      ...dbEnv(env.db),
      WS_URL: env.wsUrl,
      FULLNODE_PEER_ID: env.peerId,
      FULLNODE_STREAM_ID: env.streamId,
      FULLNODE_NETWORK: env.network,
      NETWORK: 'mainnet',
      SYNC_BATCH_SIZE: String(env.batchSize),
      SYNC_WINDOW_SIZE: String(env.windowSize),
      HEALTH_PORT: String(env.healthPort),
      LOG_LEVEL: 'warn',
      PROGRESS_INTERVAL_MS: '600000',
      ...env.extra,
    },
  });
}

/** Peak resident memory of a live process in MiB (Linux: VmHWM), or null when it cannot be read. */
export function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
