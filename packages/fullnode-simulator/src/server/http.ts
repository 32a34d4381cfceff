import type { IncomingMessage, ServerResponse } from 'http';
import type { Logger } from '@wallet-service/common';

/** A JSON reply; `body` is JSON text so handlers can splice raw event texts in without re-encoding. */
export interface HttpReply {
  status: number;
  body: string;
  /** Default application/json; the node serves a few resources (graphviz DOT) as other types. */
  contentType?: string;
}

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Exact path, e.g. /v1a/version. */
  path: string;
  handle(url: URL, req: IncomingMessage): HttpReply | Promise<HttpReply>;
}

/** The node answers request errors as {success:false, error}. */
export function errorReply(status: number, error: string): HttpReply {
  return { status, body: JSON.stringify({ success: false, error }) };
}

export function jsonReply(value: unknown): HttpReply {
  return { status: 200, body: JSON.stringify(value) };
}

/**
 * Dispatches plain HTTP requests to routes by exact path. Routes are a list so a later live mode can add
 * its own (push_tx, mining) without touching the read-only ones.
 */
export function createRequestHandler(routes: readonly HttpRoute[], logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const samePath = routes.filter((r) => r.path === url.pathname);
    const route = samePath.find((r) => r.method === req.method);
    const send = (reply: HttpReply, extraHeaders: Record<string, string> = {}) => {
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json', ...extraHeaders });
      res.end(reply.body);
    };
    if (route === undefined) {
      if (samePath.length > 0) {
        send(errorReply(405, `method ${req.method} not allowed on ${url.pathname}`), { allow: samePath.map((r) => r.method).join(', ') });
      } else {
        send(errorReply(404, `no such resource: ${url.pathname}`));
      }
      return;
    }
    Promise.resolve()
      .then(() => route.handle(url, req))
      .then(send, (err: unknown) => {
        logger.error('http handler failed', { path: url.pathname, err });
        send(errorReply(500, 'internal error'));
      });
  };
}
