import { ApiError } from '../http/errors';

/**
 * The full node's HTTP API, as the proxies and the version cache use it. Every call has a deadline
 * below the Lambda timeout, so a node that is down or slow gives a prompt 502 / 504 naming the node
 * instead of a function that hangs until AWS kills it.
 */
export interface FullNodeAnswer {
  status: number;
  contentType: string;
  text: string;
}

export interface FullNode {
  /** The node's base URL (…/v1a/), for messages. */
  readonly baseUrl: string;
  get(path: string, query?: Record<string, string | string[] | number | undefined>): Promise<FullNodeAnswer>;
  /** POSTs `body` as JSON (push_tx). */
  post(path: string, body: unknown): Promise<FullNodeAnswer>;
}

export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string>; method?: string; body?: string },
) => Promise<Response>;

function urlFor(baseUrl: string, path: string, query: Record<string, string | string[] | number | undefined>): string {
  const url = new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  return url.toString();
}

const causeCode = (err: unknown): string | undefined => {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
};

export function httpFullNode(baseUrl: string, timeoutMs: number, fetchImpl: FetchLike = fetch): FullNode {
  const where = `the full node at ${baseUrl}`;
  async function call(path: string, url: string, init: { method?: string; body?: string; headers: Record<string, string> }): Promise<FullNodeAnswer> {
    let res: Response;
    try {
      res = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ApiError('fullnode-timeout', { message: `${where} did not answer within ${timeoutMs} ms (${path})` });
      }
      const code = causeCode(err);
      throw new ApiError('fullnode-unavailable', { message: `${where} is unreachable${code ? ` (${code})` : ''}` });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      const name = (err as { name?: string }).name;
      const code = name === 'TimeoutError' || name === 'AbortError' ? 'fullnode-timeout' : 'fullnode-unavailable';
      throw new ApiError(code, { message: `${where} did not finish its answer to ${path}` });
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
  }
  return {
    baseUrl,
    get: (path, query = {}) => call(path, urlFor(baseUrl, path, query), { headers: { accept: 'application/json' } }),
    post: (path, body) =>
      call(path, urlFor(baseUrl, path, {}), {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { accept: 'application/json', 'content-type': 'application/json' },
      }),
  };
}
