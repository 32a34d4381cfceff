import type { AddressInfo } from 'net';
import { WebSocketServer, type WebSocket } from 'ws';
import { silentLogger } from '@wallet-service/common';
import { ConnectError, openSocket } from '../socket';

/** A bare websocket server we control, to test liveness without the node's protocol in the way. */
async function server(opts: { autoPong: boolean }) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: opts.autoPong });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const clients: WebSocket[] = [];
  wss.on('connection', (ws) => clients.push(ws));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1a/event_ws`;
  return {
    url,
    clients,
    close: () => new Promise<void>((resolve) => {
      clients.forEach((c) => c.terminate());
      wss.close(() => resolve());
    }),
  };
}

const opts = (url: string, extra: Partial<Parameters<typeof openSocket>[0]> = {}) => ({
  url,
  pingIntervalMs: 20,
  pongTimeoutMs: 100,
  connectTimeoutMs: 1000,
  log: silentLogger,
  ...extra,
});

describe('node websocket', () => {
  it('delivers text frames, including ones that arrived before a handler was set', async () => {
    const s = await server({ autoPong: true });
    const conn = await openSocket(opts(s.url));
    await new Promise((r) => setTimeout(r, 20));
    s.clients[0].send('early');
    await new Promise((r) => setTimeout(r, 20));
    const got: string[] = [];
    conn.onMessage((t) => got.push(t));
    s.clients[0].send('later');
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(['early', 'later']);
    await conn.close('done');
    await s.close();
  });

  it('stays open while the node answers pings', async () => {
    const s = await server({ autoPong: true });
    const conn = await openSocket(opts(s.url));
    await new Promise((r) => setTimeout(r, 300));
    expect(conn.isOpen()).toBe(true);
    await conn.close('done');
    await s.close();
  });

  it('terminates a connection whose pongs stopped coming', async () => {
    const s = await server({ autoPong: false });
    const conn = await openSocket(opts(s.url));
    const info = await conn.closed;
    expect(info).toMatchObject({ byUs: true, reason: 'pong timeout' });
    expect(conn.isOpen()).toBe(false);
    await s.close();
  });

  it('reports a close by the node as not ours', async () => {
    const s = await server({ autoPong: true });
    const conn = await openSocket(opts(s.url));
    s.clients[0].terminate();
    expect((await conn.closed).byUs).toBe(false);
    expect(conn.send('x')).toBe(false);
    await s.close();
  });

  it('close() resolves once the socket is closed, and the node sees it go', async () => {
    const s = await server({ autoPong: true });
    const conn = await openSocket(opts(s.url));
    const serverSide = new Promise<void>((resolve) => s.clients[0].once('close', () => resolve()));
    await conn.close('switching');
    expect(conn.isOpen()).toBe(false);
    await serverSide;
    await s.close();
  });

  it('closes the connection instead of crashing the process when a frame handler throws', async () => {
    const s = await server({ autoPong: true });
    const conn = await openSocket(opts(s.url));
    conn.onMessage(() => {
      throw new Error('bug');
    });
    s.clients[0].send('boom');
    expect(await conn.closed).toMatchObject({ byUs: true, reason: 'frame handler error' });
    await s.close();
  });

  it('fails to connect with a message naming the URL', async () => {
    const s = await server({ autoPong: true });
    const url = s.url;
    await s.close();
    await expect(openSocket(opts(url))).rejects.toThrow(ConnectError);
    await expect(openSocket(opts(url))).rejects.toThrow(`cannot connect to ${url}: connect ECONNREFUSED`);
  });

  it('names the HTTP status when the URL is not a websocket endpoint', async () => {
    const s = await server({ autoPong: true });
    const { createServer } = await import('http');
    const http = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/nope`;
    await expect(openSocket(opts(url))).rejects.toThrow(`cannot connect to ${url}: HTTP 404`);
    http.close();
    await s.close();
  });
});
