import { fork, type ChildProcess } from 'child_process';
import path from 'path';
import type { HathorWalletServiceWallet } from '@hathor/wallet-lib';

/**
 * The test's handle on the real client running in client-process.cjs: each call names a method of
 * wallet-lib's HathorWalletServiceWallet and is typed from the lib's own declarations, so the test
 * calls exactly what an app would and gets back what the lib returns (bigints included).
 */
type Lib = HathorWalletServiceWallet;
type MethodName = Extract<{ [K in keyof Lib]-?: Lib[K] extends (...args: never[]) => unknown ? K : never }[keyof Lib], keyof Lib>;
/** What crosses the channel: a promise's value, an async generator's items. */
type Settled<R> = R extends AsyncGenerator<infer T> ? T[] : Awaited<R>;
type Args<K extends MethodName> = Lib[K] extends (...args: infer A) => unknown ? A : never;
type Result<K extends MethodName> = Lib[K] extends (...args: never[]) => infer R ? Settled<R> : never;

/** A rejection inside the client: the lib's error class name, its message and (when known) HTTP status. */
export class ClientError extends Error {
  override name = 'ClientError';
  constructor(
    readonly kind: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${kind}: ${message}`);
  }
}

export interface RemoteWallet {
  readonly name: string;
  call<K extends MethodName>(method: K, ...args: Args<K>): Promise<Result<K>>;
}

/** A new-tx / update-tx the client emitted to the app (it passed the lib's own schema). */
export interface WalletEvent {
  event: 'new-tx' | 'update-tx';
  wallet: string;
  data: { tx_id: string; voided: boolean } & Record<string, unknown>;
  /** Date.now() in the client process when the lib emitted it. */
  at: number;
}

export interface ClientProcess {
  /** A new HathorWalletServiceWallet (mainnet) from a seed, or from an xpub only; `ws`: with its websocket. */
  wallet(name: string, source: { seed: string } | { xpub: string }, options?: { ws?: boolean }): Promise<RemoteWallet>;
  /** Every wallet event the client emitted so far, in order. */
  readonly events: WalletEvent[];
  /** Every websocket frame the wallets' connections handed over so far, in order of arrival. */
  readonly frames: WalletEvent[];
  /** Every call made so far and how long the client took, for the run-time report. */
  readonly timings: { what: string; ms: number }[];
  output(): string;
  stop(): Promise<void>;
}

type Reply = { id: number; ok: true; result: unknown; ms: number } | { id: number; ok: false; error: { name: string; message: string; status?: number }; ms: number };

export interface Claims {
  wid: string;
  mode: string;
  iat: number;
  exp: number;
}

/** The claims of the client's current token, read as the client itself reads them (middle segment). */
export async function claimsOf(w: RemoteWallet): Promise<Claims> {
  const token = await w.call('getAuthToken');
  if (!token) throw new Error(`${w.name} holds no token`);
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Claims;
}

export const PIN = '123456';
export const PASSWORD = 'e2e-password';

/**
 * `txMiningUrl`: where the client mines what it sends (the live node's stand-in); reads need none.
 * `wsUrl`: the wallet service's websocket, for wallets created with `ws`.
 */
export async function startClientProcess(baseUrl: string, txMiningUrl?: string, wsUrl?: string): Promise<ClientProcess> {
  const child: ChildProcess = fork(path.join(__dirname, 'client-process.cjs'), [], {
    env: {
      ...process.env,
      WALLET_SERVICE_URL: baseUrl,
      ...(txMiningUrl === undefined ? {} : { TX_MINING_URL: txMiningUrl }),
      ...(wsUrl === undefined ? {} : { WALLET_SERVICE_WS_URL: wsUrl }),
    },
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; what: string }>();
  const timings: { what: string; ms: number }[] = [];
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`the client process exited (${code}) during ${p.what}:\n${out.slice(-2000)}`));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the client process exited with ${code} before it was ready:\n${out}`)));
  });
  const events: WalletEvent[] = [];
  const frames: WalletEvent[] = [];
  child.on('message', (msg: Reply | WalletEvent | (WalletEvent & { frame: true })) => {
    if ('event' in msg) {
      if ('frame' in msg) frames.push(msg);
      else events.push(msg);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    timings.push({ what: p.what, ms: msg.ms });
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new ClientError(msg.error.name, msg.error.message, msg.error.status));
  });
  const send = (what: string, msg: Record<string, unknown>): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, what });
      child.send({ id, ...msg });
    });

  return {
    timings,
    events,
    frames,
    output: () => out,
    async wallet(name, source, options = {}) {
      await send(`${name}.create`, { op: 'create', wallet: name, pin: PIN, ws: options.ws ?? false, ...source });
      return {
        name,
        call: <K extends MethodName>(method: K, ...args: Args<K>) => send(`${name}.${method}`, { op: 'call', wallet: name, method, args }) as Promise<Result<K>>,
      };
    },
    async stop() {
      if (child.exitCode === null && child.connected) await send('stop', { op: 'stop' }).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
