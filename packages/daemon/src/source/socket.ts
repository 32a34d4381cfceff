import WebSocket from 'ws';
import type { Logger } from '@wallet-service/common';

/**
 * One websocket connection to the node, with liveness: a ping every few seconds, and the socket is
 * terminated when no pong came back in time (a half-open TCP connection would otherwise look idle
 * forever). Reconnecting is the loop's job; this module never opens a second socket by itself, and
 * `close()` resolves only once the socket is really gone, so the loop can guarantee the old connection
 * is closed before a new one opens (daemon-spec §8 concern 3).
 */
export interface SocketOptions {
  url: string;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  connectTimeoutMs: number;
  log: Logger;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** True when we closed it (close(), pong timeout), false when the node or the network did. */
  byUs: boolean;
}

export interface SocketConnection {
  /** False when the socket is no longer open (the text is not sent). */
  send(text: string): boolean;
  /** Frames received before a handler is set are delivered to it when it is set. */
  onMessage(handler: (text: string) => void): void;
  isOpen(): boolean;
  /** Settles once, when the socket has closed for any reason. */
  readonly closed: Promise<CloseInfo>;
  /** Terminates the socket (if still open) and waits until it is closed. */
  close(reason: string): Promise<CloseInfo>;
}

export class ConnectError extends Error {
  override name = 'ConnectError';
  constructor(url: string, detail: string) {
    super(`cannot connect to ${url}: ${detail}`);
  }
}

export function openSocket(opts: SocketOptions): Promise<SocketConnection> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(opts.url, { handshakeTimeout: opts.connectTimeoutMs, perMessageDeflate: false });
    let opened = false;
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      reject(new ConnectError(opts.url, `HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
    });
    ws.once('error', (err) => {
      if (!opened) reject(new ConnectError(opts.url, err.message));
    });
    ws.once('close', (code) => {
      if (!opened) reject(new ConnectError(opts.url, `closed before opening (code ${code})`));
    });
    ws.once('open', () => {
      opened = true;
      resolve(wrap(ws, opts));
    });
  });
}

function wrap(ws: WebSocket, opts: SocketOptions): SocketConnection {
  const log = opts.log;
  let closing: string | undefined;
  let handler: ((text: string) => void) | undefined;
  const early: string[] = [];
  let lastPong = Date.now();

  const pinger = setInterval(() => {
    if (Date.now() - lastPong > opts.pongTimeoutMs) {
      log.warn('no pong from the node in time: terminating the connection', { pongTimeoutMs: opts.pongTimeoutMs });
      closing ??= 'pong timeout';
      ws.terminate();
      return;
    }
    if (ws.readyState === WebSocket.OPEN) ws.ping();
  }, opts.pingIntervalMs);
  pinger.unref();

  ws.on('pong', () => {
    lastPong = Date.now();
  });
  ws.on('error', (err) => log.warn('websocket error', { err }));
  // Anything the handler throws is a bug in our code, but it must still not crash the process from a
  // socket callback: it ends this connection and is logged.
  const deliver = (text: string) => {
    if (closing !== undefined || !handler) return;
    try {
      handler(text);
    } catch (err) {
      log.error('frame handler failed; closing the connection', { err });
      closing ??= 'frame handler error';
      ws.terminate();
    }
  };
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
    if (handler) deliver(text);
    else if (closing === undefined) early.push(text);
  });

  const closed = new Promise<CloseInfo>((resolve) => {
    ws.once('close', (code, reason) => {
      clearInterval(pinger);
      const byUs = closing !== undefined;
      resolve({ code, reason: closing ?? (reason.toString() || `closed by the node (code ${code})`), byUs });
    });
  });

  return {
    send(text) {
      if (closing !== undefined || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(text);
      return true;
    },
    onMessage(h) {
      handler = h;
      for (const text of early.splice(0)) deliver(text);
    },
    isOpen: () => closing === undefined && ws.readyState === WebSocket.OPEN,
    closed,
    close(reason) {
      closing ??= reason;
      if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
      return closed;
    },
  };
}
