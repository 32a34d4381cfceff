import { cryptoUtils, HathorWalletServiceWallet, Network, walletUtils } from '@hathor/wallet-lib';
import { parseJson } from '@wallet-service/common';
import { seedKey, type DevKey } from 'fullnode-simulator';
import { walletIdOf } from '../auth/signature';

/**
 * A wallet of bench:send, registered and authenticated over the API's HTTP routes with keys wallet-lib
 * derives from a fresh seed (the same derivation and signed messages the official client uses), so the
 * bench can time the proposal routes themselves rather than the client's local work around them.
 */
export interface BenchWallet {
  walletId: string;
  /** m/44'/280'/0'/0/0, which receives the funding and every change. */
  key: DevKey;
  token: string;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const network = new Network('mainnet');

export async function call(baseUrl: string, method: string, path: string, o: { token?: string; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (o.token !== undefined) headers.Authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(new URL(path, baseUrl), { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = parseJson(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}

function expectStatus(a: Answer, status: number, what: string): Answer {
  if (a.status !== status) throw new Error(`${what} answered ${a.status} (expected ${status}): ${JSON.stringify(a.body).slice(0, 500)}`);
  return a;
}

/** Creates the wallet (POST /wallet/init), takes a full token and waits until the load made it ready. */
export async function registerWallet(baseUrl: string): Promise<BenchWallet> {
  const words = walletUtils.generateWalletWords();
  const root = walletUtils.getXPrivKeyFromSeed(words, { networkName: 'mainnet' });
  const account = walletUtils.deriveXpriv(root, "0'");
  const auth = HathorWalletServiceWallet.deriveAuthPrivateKey(root);
  const xpubkey = account.xpubkey as string;
  const walletId = walletIdOf(xpubkey);
  const sign = (k: typeof root, ts: number) => cryptoUtils.signMessage(`${ts}${walletId}${k.publicKey.toAddress(network.bitcoreNetwork).toString()}`, k.privateKey);
  const key = seedKey(words, 0);
  const ts = Math.floor(Date.now() / 1000);
  const init = await call(baseUrl, 'POST', 'wallet/init', {
    body: { xpubkey, xpubkeySignature: sign(account, ts), authXpubkey: auth.xpubkey, authXpubkeySignature: sign(auth, ts), timestamp: ts, firstAddress: key.address },
  });
  expectStatus(init, 200, 'POST wallet/init');
  const tokenAnswer = expectStatus(await call(baseUrl, 'POST', 'auth/token', { body: { ts, xpub: auth.xpubkey, sign: sign(auth, ts), walletId } }), 200, 'POST auth/token');
  const token = tokenAnswer.body.token as string;
  for (let attempt = 0; ; attempt++) {
    const status = expectStatus(await call(baseUrl, 'GET', 'wallet/status', { token }), 200, 'GET wallet/status');
    const state = (status.body.status as { status: string }).status;
    if (state === 'ready') break;
    if (state === 'error' || attempt > 300) throw new Error(`wallet ${walletId} did not become ready: ${JSON.stringify(status.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { walletId, key, token };
}

/** The wallet's HTR balance as GET /wallet/balances shows it (unlocked + locked). */
export async function htrBalance(baseUrl: string, w: BenchWallet): Promise<bigint> {
  const a = expectStatus(await call(baseUrl, 'GET', 'wallet/balances?token_id=00', { token: w.token }), 200, 'GET wallet/balances');
  const entry = (a.body.balances as { token: { id: string }; balance: { unlocked: bigint; locked: bigint } }[]).find((e) => e.token.id === '00');
  return entry ? BigInt(entry.balance.unlocked) + BigInt(entry.balance.locked) : 0n;
}

/** POST /tx/proposal then PUT /tx/proposal/{id} with the same signed hex, each timed. */
export async function proposeAndSend(baseUrl: string, w: BenchWallet, txHex: string): Promise<{ createMs: number; sendMs: number }> {
  let t = performance.now();
  const created = expectStatus(await call(baseUrl, 'POST', 'tx/proposal', { token: w.token, body: { txHex } }), 201, 'POST tx/proposal');
  const createMs = performance.now() - t;
  t = performance.now();
  expectStatus(await call(baseUrl, 'PUT', `tx/proposal/${String(created.body.txProposalId)}`, { token: w.token, body: { txHex } }), 200, 'PUT tx/proposal');
  return { createMs, sendMs: performance.now() - t };
}
