import WebSocket from 'ws';
import type { EventStream } from '../../stream';

/** A real websocket client that queues incoming frames so tests can await them one by one. */
export class TestClient {
  private readonly queue: string[] = [];
  private waiter: (() => void) | undefined;
  closed = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.queue.push(data.toString());
      this.waiter?.();
    });
    ws.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  static connect(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new TestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  send(message: string | object): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Sends a websocket ping; resolves with the payload of the pong that answers it. */
  ping(payload: string): Promise<string> {
    const pong = new Promise<string>((resolve) => this.ws.once('pong', (data) => resolve(data.toString())));
    this.ws.ping(payload);
    return pong;
  }

  /** Next frame's text; fails after `timeoutMs` or when the socket closes first. */
  async next(timeoutMs = 2000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.closed) throw new Error('socket closed while waiting for a message');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.queue.shift() as string;
  }

  async nextJson(timeoutMs?: number): Promise<Record<string, unknown>> {
    return JSON.parse(await this.next(timeoutMs)) as Record<string, unknown>;
  }

  async nextEventIds(count: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const msg = await this.nextJson();
      if (msg.type !== 'EVENT') throw new Error(`expected an EVENT, got ${JSON.stringify(msg)}`);
      ids.push((msg.event as { id: number }).id);
    }
    return ids;
  }

  /** Fails if any frame arrives within `ms`. */
  async expectSilence(ms = 150): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.queue.length > 0) throw new Error(`expected no message, got ${this.queue[0]}`);
  }

  waitClosed(timeoutMs = 2000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

export function rawEvent(id: number, type = 'LOAD_STARTED', data = '{}'): string {
  return `{"id":${id},"timestamp":1578878880.0,"type":"${type}","data":${data},"group_id":null}`;
}

/** A stream of `count` small events with distinct, easily checked texts. */
export function syntheticStream(count: number): EventStream {
  const events = Array.from({ length: count }, (_, id) => rawEvent(id, id === 0 ? 'LOAD_STARTED' : 'REORG_FINISHED'));
  return { meta: { peerId: 'peer-test', network: 'unittests', streamId: 'stream-test', rewardSpendMinBlocks: 10 }, events };
}
