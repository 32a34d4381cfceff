import WebSocket from 'ws';

/**
 * A real websocket client (the `ws` package, as isomorphic-ws is in wallet-lib on Node) that keeps every
 * frame it receives, raw, so a test can read the exact digits the server wrote as well as wait for the
 * next frame of a type.
 */
export interface WsClient {
  /** Every frame received so far, as text. */
  frames: string[];
  send(frame: Record<string, unknown>): void;
  /** The next frame (after the ones already taken) whose `type` matches, as raw text. */
  next(type?: string, timeoutMs?: number): Promise<string>;
  /** Fails if a frame of `type` arrives within `ms`. */
  silence(type: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

const typeOf = (text: string): unknown => {
  try {
    return (JSON.parse(text) as { type?: unknown }).type;
  } catch {
    return undefined;
  }
};

export async function connectWs(url: string): Promise<WsClient> {
  const socket = new WebSocket(url, { perMessageDeflate: true });
  const frames: string[] = [];
  let taken = 0;
  const waiters = new Set<() => void>();
  socket.on('message', (data: WebSocket.RawData) => {
    frames.push(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'));
    for (const w of waiters) w();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const find = (type: string | undefined) => {
    for (let i = taken; i < frames.length; i++) {
      if (type === undefined || typeOf(frames[i]) === type) {
        taken = i + 1;
        return frames[i];
      }
    }
    return undefined;
  };
  return {
    frames,
    send: (frame) => socket.send(JSON.stringify(frame)),
    next(type, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find(type);
          if (found === undefined) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type ?? 'frame'} within ${timeoutMs} ms; frames so far: ${frames.join(' | ').slice(0, 2000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async silence(type, ms) {
      const before = frames.slice(taken).filter((f) => typeOf(f) === type).length;
      await new Promise((r) => setTimeout(r, ms));
      const after = frames.slice(taken).filter((f) => typeOf(f) === type);
      if (after.length > before) throw new Error(`unexpected ${type} frame(s): ${after.join(' | ').slice(0, 2000)}`);
    },
    close() {
      if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}
