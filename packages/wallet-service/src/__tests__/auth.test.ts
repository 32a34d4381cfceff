import jwt from 'jsonwebtoken';
import { issueToken } from '../auth/tokens';
import { authorize } from '../auth/authorizer';
import { ROUTES } from '../routes';
import { authReadOnlyToken } from '../routes/auth/readonlyToken';
import { authToken } from '../routes/auth/token';
import { walletCheckMine } from '../routes/addresses/checkMine';
import { walletInit } from '../routes/wallet/init';
import { walletStatus } from '../routes/wallet/status';
import { walletChangeAuth } from '../routes/wallet/changeAuth';
import { createTestApi, rows, TEST_SECRET, type TestApi } from './support/api';
import { call } from './support/http';
import { freshWallet, type WalletKeys } from './support/keys';
import { waitFor } from './support/wait';

const ARN = 'arn:aws:execute-api:eu-central-1:123456789012:abcdef1234/dev/GET/wallet/balances';

function initBody(k: WalletKeys, ts: number) {
  return { xpubkey: k.xpubkey, authXpubkey: k.authXpubkey, xpubkeySignature: k.signAccount(ts), authXpubkeySignature: k.signAuth(ts), timestamp: ts };
}

describe('wallet init, auth tokens and the authorizer', () => {
  let api: TestApi;
  let wallet: WalletKeys;
  const now = () => Math.floor(Date.now() / 1000);
  beforeAll(async () => {
    api = await createTestApi('auth');
    wallet = freshWallet();
  });
  afterAll(async () => {
    await api?.close();
  });

  async function readyWallet(k: WalletKeys): Promise<void> {
    const res = await call(walletInit, api.app, { body: initBody(k, now()) });
    expect([200, 400]).toContain(res.status);
    await waitFor(`wallet ${k.walletId} ready`, async () => {
      const [w] = await rows<{ status: string }>(api.db.pool, 'SELECT status FROM wallet WHERE id = ?', [k.walletId]);
      return w?.status === 'ready' ? true : undefined;
    });
  }

  describe('POST /wallet/init', () => {
    test('creates the wallet in creating, loads it, then answers wallet-already-loaded with its status', async () => {
      const k = freshWallet();
      const res = await call(walletInit, api.app, { body: initBody(k, now()) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, status: { walletId: k.walletId, xpubkey: k.xpubkey, authXpubkey: k.authXpubkey, maxGap: 20, readyAt: null } });
      expect(['creating', 'ready']).toContain((res.body.status as { status: string }).status);
      await readyWallet(k);
      const again = await call(walletInit, api.app, { body: initBody(k, now()) });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ success: false, error: 'wallet-already-loaded', status: { status: 'ready', walletId: k.walletId } });
      const [{ n }] = await rows<{ n: number }>(api.db.pool, 'SELECT COUNT(*) AS n FROM address WHERE wallet_id = ?', [k.walletId]);
      expect(Number(n)).toBe(20);
    });

    test('concurrent inits of one wallet insert it once and load it once', async () => {
      const k = freshWallet();
      const ts = now();
      const answers = await Promise.all(Array.from({ length: 8 }, () => call(walletInit, api.app, { body: initBody(k, ts) })));
      expect(answers.map((a) => a.status === 200 ? 'ok' : a.body.error).sort()).toEqual(['ok', ...Array(7).fill('wallet-already-loaded')]);
      await readyWallet(k);
      const [{ n }] = await rows<{ n: number }>(api.db.pool, 'SELECT COUNT(*) AS n FROM address WHERE wallet_id = ?', [k.walletId]);
      expect(Number(n)).toBe(20);
    });

    test.each([
      ['a timestamp outside the 30 s window', (k: WalletKeys) => initBody(k, now() - 31), 'invalid-payload', ['timestamp'], /The timestamp is shifted \d+\(s\)\. Limit is 30\(s\)\./],
      ['an account signature by another key', (k: WalletKeys) => ({ ...initBody(k, now()), xpubkeySignature: k.signAuth(now()) }), 'invalid-auth-signature', ['xpubkeySignature'], /xpubkeySignature/],
      ['an auth signature over another wallet id', (k: WalletKeys) => ({ ...initBody(k, now()), authXpubkeySignature: k.signAuth(now(), '0'.repeat(64)) }), 'invalid-auth-signature', ['authXpubkeySignature'], /authXpubkeySignature/],
      ['a signature that is not base64 of 65 bytes', (k: WalletKeys) => ({ ...initBody(k, now()), xpubkeySignature: 'abc' }), 'invalid-auth-signature', ['xpubkeySignature'], /xpubkeySignature/],
      ['a timestamp sent as a string', (k: WalletKeys) => ({ ...initBody(k, now()), timestamp: String(now()) }), 'invalid-payload', ['timestamp'], /"timestamp" must be of type number/],
      ['an unknown key', (k: WalletKeys) => ({ ...initBody(k, now()), scanXpriv: 'x' }), 'invalid-payload', ['scanXpriv'], /"scanXpriv" is not allowed/],
      ['a missing xpubkey', (k: WalletKeys) => ({ ...initBody(k, now()), xpubkey: undefined }), 'invalid-payload', ['xpubkey'], /"xpubkey" is required/],
      ['an xpub with a bad checksum', (k: WalletKeys) => ({ ...initBody(k, now()), xpubkey: `${k.xpubkey.slice(0, -2)}zz` }), 'invalid-payload', ['xpubkey'], /extended public key/],
    ])('refuses %s, naming the field, and writes nothing', async (_name, body, code, path, message) => {
      const k = freshWallet();
      const res = await call(walletInit, api.app, { body: body(k) });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(code);
      expect(res.body.details?.[0].path).toEqual(path);
      expect(res.body.details?.map((d) => d.message).join(' ')).toMatch(message);
      expect(await rows(api.db.pool, 'SELECT id FROM wallet WHERE id = ?', [k.walletId])).toEqual([]);
    });

    test('says a body that is not JSON is not JSON', async () => {
      const res = await call(walletInit, api.app, { rawBody: '{"xpubkey": ' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ success: false, error: 'invalid-payload' });
      expect(res.body.details?.[0].message).toMatch(/^the body is not valid JSON/);
    });

    test('CONFIRM_FIRST_ADDRESS requires and checks firstAddress', async () => {
      const strict = api.withApp({ CONFIRM_FIRST_ADDRESS: 'true' });
      const k = freshWallet();
      const missing = await call(walletInit, strict, { body: initBody(k, now()) });
      expect(missing.body.details).toEqual([{ message: '"firstAddress" is required', path: ['firstAddress'] }]);
      const wrong = await call(walletInit, strict, { body: { ...initBody(k, now()), firstAddress: 'HJtnyxsCqzppk58HFzRtYs2m6GK35vptnp' } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details?.[0].message).toMatch(/^Expected first address to be HJtnyxsCqzppk58HFzRtYs2m6GK35vptnp but it is H/);
    });
  });

  describe('POST /auth/token and /auth/token/readonly', () => {
    beforeAll(async () => {
      await readyWallet(wallet);
    });

    test('issues a full HS256 token with exp, the proof and a jti, valid for AUTH_TOKEN_LIFETIME_S', async () => {
      const ts = now();
      const sign = wallet.signAuth(ts);
      const res = await call(authToken, api.app, { body: { ts, xpub: wallet.authXpubkey, sign, walletId: wallet.walletId } });
      expect(res.status).toBe(200);
      const token = res.body.token as string;
      expect(token).toMatch(/^[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+$/);
      const claims = jwt.verify(token, TEST_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      expect(claims).toMatchObject({ wid: wallet.walletId, mode: 'full', ts, sign });
      expect(claims.exp! - claims.iat!).toBe(1800);
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    });

    test.each([
      ['an unknown wallet', () => ({ walletId: '0'.repeat(64) }), 404, 'wallet-not-found', undefined],
      ['a replayed old signature', () => ({ ts: now() - 60, sign: wallet.signAuth(now() - 60) }), 400, 'invalid-auth-signature', ['ts']],
      ['another auth xpub', () => ({ xpub: freshWallet().authXpubkey }), 400, 'invalid-payload', ['xpub']],
      ['a signature from the account key', () => ({ sign: wallet.signAccount(now()) }), 400, 'invalid-auth-signature', ['sign']],
      ['ts as a string', () => ({ ts: String(now()) }), 400, 'invalid-payload', ['ts']],
    ])('refuses %s', async (_name, change, status, code, path) => {
      const ts = now();
      const res = await call(authToken, api.app, { body: { ts, xpub: wallet.authXpubkey, sign: wallet.signAuth(ts), walletId: wallet.walletId, ...change() } });
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(code);
      if (path) expect(res.body.details?.[0].path).toEqual(path);
    });

    test('a read-only token for a ready wallet from the xpub alone; not while it is creating', async () => {
      const ro = await call(authReadOnlyToken, api.app, { body: { xpubkey: wallet.xpubkey } });
      expect(ro.status).toBe(200);
      expect(jwt.verify(ro.body.token as string, TEST_SECRET)).toMatchObject({ wid: wallet.walletId, mode: 'ro' });
      const k = freshWallet();
      await api.db.pool.query("INSERT INTO wallet (id, xpubkey, auth_xpubkey, status, created_at) VALUES (?, ?, ?, 'creating', 1)", [k.walletId, k.xpubkey, k.authXpubkey]);
      const creating = await call(authReadOnlyToken, api.app, { body: { xpubkey: k.xpubkey } });
      expect(creating).toMatchObject({ status: 400, body: { error: 'wallet-not-ready' } });
      const unknown = await call(authReadOnlyToken, api.app, { body: { xpubkey: freshWallet().xpubkey } });
      expect(unknown).toMatchObject({ status: 404, body: { error: 'wallet-not-found' } });
    });
  });

  describe('the bearer authorizer', () => {
    const event = (token: string, methodArn = ARN) => ({ type: 'TOKEN' as const, authorizationToken: `Bearer ${token}`, methodArn });
    let full: string;
    beforeAll(async () => {
      await readyWallet(wallet);
      const ts = now();
      full = (await call(authToken, api.app, { body: { ts, xpub: wallet.authXpubkey, sign: wallet.signAuth(ts), walletId: wallet.walletId } })).body.token as string;
    });

    test('allows a full token on /wallet/* and /tx/* with the wallet as principal', () => {
      const policy = authorize(event(full), api.app, ROUTES);
      expect(policy.principalId).toBe(wallet.walletId);
      expect(policy.context).toEqual({ walletId: wallet.walletId, mode: 'full' });
      expect(policy.policyDocument.Statement).toEqual([
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: ['arn:aws:execute-api:eu-central-1:123456789012:abcdef1234/dev/*/wallet/*', 'arn:aws:execute-api:eu-central-1:123456789012:abcdef1234/dev/*/tx/*'] },
      ]);
    });

    // push/* is open to read-only tokens by decision (src/routes/push/shared.ts), unlike the API we replace.
    test('a read-only token reaches only the read routes and push/*: never check_mine or tx/*', () => {
      const ro = issueToken({ wid: wallet.walletId, mode: 'ro' }, TEST_SECRET, 60);
      const policy = authorize(event(ro), api.app, ROUTES);
      const resources = (policy.policyDocument.Statement[0] as { Resource: string[] }).Resource.map((r) => r.split('/dev/*')[1]);
      expect(resources).toContain('/wallet/balances');
      expect(resources).toContain('/wallet/tokens/*/details');
      expect(resources).toContain('/wallet/proxy/transactions/*/confirmation_data');
      expect(resources).not.toContain('/wallet/addresses/check_mine');
      expect(resources.some((r) => r.startsWith('/tx/') || r === '/wallet/*')).toBe(false);
      expect(resources.filter((r) => r.includes('/push/')).sort()).toEqual(['/wallet/push/register', '/wallet/push/unregister/*', '/wallet/push/update']);
      expect(policy.context).toEqual({ walletId: wallet.walletId, mode: 'ro' });
    });

    test.each([
      ['no Bearer prefix', () => ({ type: 'TOKEN' as const, authorizationToken: 'abc', methodArn: ARN })],
      ['a malformed token', () => event('not.a.token')],
      ['a token signed with another secret', () => event(issueToken({ wid: 'w', mode: 'ro' }, 'another-secret-another-secret-another', 60))],
      ['an expired token', () => event(jwt.sign({ wid: wallet.walletId, mode: 'ro', exp: now() - 1 }, TEST_SECRET))],
      ['a tampered payload', () => {
        const [h, , s] = full.split('.');
        const p = Buffer.from(JSON.stringify({ wid: '0'.repeat(64), mode: 'full', exp: now() + 600 })).toString('base64url');
        return event(`${h}.${p}.${s}`);
      }],
      ['the none algorithm', () => event(jwt.sign({ wid: wallet.walletId, mode: 'ro' }, '', { algorithm: 'none' }))],
    ])('answers 401 (Unauthorized) for %s', (_name, e) => {
      expect(() => authorize(e(), api.app, ROUTES)).toThrow(/^Unauthorized$/);
    });

    test('denies (403) a full token whose embedded proof fails', () => {
      const ts = now();
      const forged = issueToken({ wid: wallet.walletId, mode: 'full', ts, sign: wallet.signAccount(ts), addr: 'HJtnyxsCqzppk58HFzRtYs2m6GK35vptnp' }, TEST_SECRET, 60);
      const policy = authorize(event(forged), api.app, ROUTES);
      expect(policy.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    });

    test('routes check the mode too: a read-only token gets 403 on check_mine, a missing principal 401', async () => {
      const ro = await call(walletCheckMine, api.app, { body: { addresses: ['HJtnyxsCqzppk58HFzRtYs2m6GK35vptnp'] }, as: { walletId: wallet.walletId, mode: 'ro' } });
      expect(ro).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      const none = await call(walletStatus, api.app, {});
      expect(none).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    });
  });

  test('PUT /wallet/auth rotates the auth xpub, proven by both keys; then only the new key gets tokens', async () => {
    const k = freshWallet();
    await readyWallet(k);
    const other = freshWallet();
    const ts = now();
    const rotated = await call(walletChangeAuth, api.app, {
      body: { xpubkey: k.xpubkey, authXpubkey: other.authXpubkey, xpubkeySignature: k.signAccount(ts), authXpubkeySignature: other.signAuth(ts, k.walletId), timestamp: ts },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.status).toMatchObject({ authXpubkey: other.authXpubkey });
    const oldKey = await call(authToken, api.app, { body: { ts, xpub: k.authXpubkey, sign: k.signAuth(ts), walletId: k.walletId } });
    expect(oldKey.body.error).toBe('invalid-payload');
    const newKey = await call(authToken, api.app, { body: { ts, xpub: other.authXpubkey, sign: other.signAuth(ts, k.walletId), walletId: k.walletId } });
    expect(newKey.status).toBe(200);
  });
});
