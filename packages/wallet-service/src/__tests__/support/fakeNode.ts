import http from 'http';
import type { AddressInfo } from 'net';

/**
 * A real HTTP server standing where the full node would, answering each path as a test says — to play
 * a node that is slow, failing or returning odd bodies (the simulator plays a healthy one).
 */
export type NodeAnswer = { status?: number; body: string; delayMs?: number; contentType?: string } | 'hang';

export interface FakeNode {
  url: string;
  requests: string[];
  answer(path: string, a: NodeAnswer): void;
  close(): Promise<void>;
}

export async function startFakeNode(): Promise<FakeNode> {
  const answers = new Map<string, NodeAnswer>();
  const requests: string[] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const a = answers.get(path) ?? { status: 404, body: '{"success":false,"message":"not here"}' };
    if (a === 'hang') {
      open.add(res);
      return;
    }
    setTimeout(() => {
      res.writeHead(a.status ?? 200, { 'content-type': a.contentType ?? 'application/json' });
      res.end(a.body);
    }, a.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1a/`,
    requests,
    answer: (path, a) => answers.set(path, a),
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
