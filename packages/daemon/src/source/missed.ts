import { parseJson, type Logger } from '@wallet-service/common';
import { createBackoff, retry, type BackoffSettings } from './backoff';

/**
 * The node's HTTP API, for the few reads the stream side needs: `/v1a/version` at start (the reward lock),
 * `/v1a/status` (the peer id, FETCH_FULLNODE_IDS only) and `/v1a/event` to ask, when the stream has been
 * quiet, whether events past our cursor exist that the websocket did not deliver.
 */

export class NodeHttpError extends Error {
  override name = 'NodeHttpError';
  constructor(
    message: string,
    /** Network errors, timeouts and 5xx are worth retrying; a 4xx or a wrong body is not. */
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

export const isRetryableHttp = (err: unknown): boolean => err instanceof NodeHttpError && err.retryable;

export interface NodeHttpOptions {
  /** e.g. http://127.0.0.1:8080 (no trailing /v1a). */
  baseUrl: string;
  timeoutMs: number;
  log: Logger;
}

export interface MissedEventsProbe {
  /** True when the node has at least one event after `lastEventId` (undefined: after nothing). */
  hasEventsAfter(lastEventId: number | undefined): Promise<boolean>;
}

export interface NodeHttp extends MissedEventsProbe {
  getJson(path: string): Promise<unknown>;
  /** reward_spend_min_blocks from /v1a/version; refuses a missing or zero value. */
  rewardSpendMinBlocks(): Promise<number>;
  /** The node's peer id from /v1a/status (server.id). */
  peerId(): Promise<string>;
}

async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new NodeHttpError(`GET ${url} failed: ${detail}`, true);
  }
  const text = await res.text();
  if (!res.ok) {
    throw new NodeHttpError(`GET ${url} answered HTTP ${res.status}: ${text.slice(0, 200)}`, res.status >= 500, res.status);
  }
  try {
    return parseJson(text);
  } catch {
    throw new NodeHttpError(`GET ${url} did not return JSON: ${text.slice(0, 200)}`, false, res.status);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates /v1a/version's reward lock: a node that reports none (or 0) cannot be synced correctly. */
export function readRewardSpendMinBlocks(body: unknown, url: string): number {
  const value = isObject(body) ? body.reward_spend_min_blocks : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new NodeHttpError(
      `${url} reports reward_spend_min_blocks=${JSON.stringify(value ?? null)}; a positive integer is required ` +
        '(block rewards could not be height-locked)',
      false,
    );
  }
  return value;
}

export function createNodeHttp(opts: NodeHttpOptions): NodeHttp {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const getJson = (path: string) => fetchJson(`${base}${path}`, opts.timeoutMs);
  return {
    getJson,
    async rewardSpendMinBlocks() {
      return readRewardSpendMinBlocks(await getJson('/v1a/version'), `${base}/v1a/version`);
    },
    async peerId() {
      const body = await getJson('/v1a/status');
      const id = isObject(body) && isObject(body.server) ? body.server.id : undefined;
      if (typeof id !== 'string' || id === '') {
        throw new NodeHttpError(`${base}/v1a/status has no server.id (the node's peer id)`, false);
      }
      return id;
    },
    async hasEventsAfter(lastEventId) {
      const query = lastEventId === undefined ? 'size=1' : `last_ack_event_id=${lastEventId}&size=1`;
      const body = await getJson(`/v1a/event?${query}`);
      if (!isObject(body) || !Array.isArray(body.events)) {
        throw new NodeHttpError(`${base}/v1a/event did not return {events: [...]}`, false);
      }
      return body.events.length > 0;
    },
  };
}

/**
 * Wraps the probe with a bounded number of retries (network errors and 5xx), so one lost request does
 * not count as "nothing missed" and a dead HTTP API does not retry forever.
 */
export function retryingProbe(http: MissedEventsProbe, backoff: BackoffSettings, attempts: number, log: Logger): MissedEventsProbe {
  return {
    hasEventsAfter: (lastEventId) =>
      retry(() => http.hasEventsAfter(lastEventId), {
        backoff: createBackoff(backoff),
        isRetryable: isRetryableHttp,
        maxAttempts: attempts,
        onRetry: (err, attempt, delayMs) => log.debug('missed-event probe failed; retrying', { err, attempt, delayMs }),
      }),
  };
}
