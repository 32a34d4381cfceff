import { ROUTES } from '../routes';
import type { RouteSpec } from '../http/route';
import { createTestApi, type TestApi } from './support/api';
import { call, type CallOptions } from './support/http';
import { createAndLoad, scenario } from './support/scenario';

/**
 * Client mistakes on every route get 400 invalid-payload naming each bad field — never a 5xx, which the
 * client treats as fatal — and change nothing. Query strings are converted (count=5 is a number); JSON
 * bodies are not ("5" is not a number); unknown keys are refused.
 */
const byName = (name: string): RouteSpec => {
  const r = ROUTES.find((x) => x.name === name);
  if (!r) throw new Error(`no route ${name}`);
  return r;
};

const TX63 = 'a'.repeat(63);
const TX65 = 'a'.repeat(65);
const BAD58 = 'H0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl0';

type Case = [route: string, what: string, request: CallOptions, paths: (string | number)[][]];

const CASES: Case[] = [
  ['walletBalances', 'a token id that is neither 00 nor 64 hex', { query: { token_id: 'xyz' } }, [['token_id']]],
  ['walletBalances', 'split=true (no shielded balances)', { query: { split: 'true' } }, [['split']]],
  ['walletBalances', 'an unknown query key', { query: { foo: '1' } }, [['foo']]],
  ['walletHistory', 'count above TX_HISTORY_MAX_COUNT', { query: { count: '51' } }, [['count']]],
  ['walletHistory', 'a negative skip and a fractional count', { query: { skip: '-1', count: '2.5' } }, [['skip'], ['count']]],
  ['walletHistory', 'count=0', { query: { count: '0' } }, [['count']]],
  ['walletHistory', 'a 63-character token id', { query: { token_id: TX63 } }, [['token_id']]],
  ['walletAddresses', 'a negative index', { query: { index: '-3' } }, [['index']]],
  ['walletAddresses', 'an index that is not a number', { query: { index: 'abc' } }, [['index']]],
  ['walletNewAddresses', 'legacy=false (no shielded accounts)', { query: { legacy: 'false' } }, [['legacy']]],
  ['walletAddressInfo', 'a bad base58 address', { query: { address: BAD58 } }, [['address']]],
  ['walletAddressInfo', 'no address', { query: {} }, [['address']]],
  ['walletAddressInfo', 'an address too short', { query: { address: 'HJtnyxs' } }, [['address']]],
  ['walletCheckAddressesMine', 'an empty list', { body: { addresses: [] } }, [['addresses']]],
  ['walletCheckAddressesMine', 'a bad address inside the list', { body: { addresses: ['HJtnyxsCqzppk58HFzRtYs2m6GK35vptnp', BAD58] } }, [['addresses', 1]]],
  ['walletCheckAddressesMine', 'addresses as a string', { body: { addresses: 'HJtnyxsCqzppk58HFzRtYs2m6GK35vptnp' } }, [['addresses']]],
  ['walletCheckAddressesMine', 'an unknown body key', { body: { addresses: ['HJtnyxsCqzppk58HFzRtYs2m6GK35vptnp'], all: true } }, [['all']]],
  ['walletCheckAddressesMine', 'a body that is not JSON', { rawBody: '{addresses:[' }, [[]]],
  ['walletTxOutputs', 'txId without index', { query: { txId: 'a'.repeat(64) } }, [['index']]],
  ['walletTxOutputs', 'totalAmount with maxAmount', { query: { totalAmount: '5', maxAmount: '7' } }, [['maxAmount']]],
  ['walletTxOutputs', 'an explicit authority=0 and a zero biggerThan', { query: { authority: '0', biggerThan: '0' } }, [['authority'], ['biggerThan']]],
  ['walletTxOutputs', 'an amount of 2^64', { query: { totalAmount: '18446744073709551616' } }, [['totalAmount']]],
  ['walletTxOutputs', 'maxOutputs above the limit', { query: { maxOutputs: '100000' } }, [['maxOutputs']]],
  ['walletTxOutputs', 'a bad address in addresses[]', { query: { 'addresses[]': [BAD58] } }, [['addresses[]', 0]]],
  ['walletTxOutputs', 'skipSpent=maybe', { query: { skipSpent: 'maybe' } }, [['skipSpent']]],
  ['walletTxOutputs', 'kind=shielded', { query: { kind: 'shielded' } }, [['kind']]],
  ['walletUtxos', 'a 65-character txId', { query: { txId: TX65, index: '0' } }, [['txId']]],
  ['walletTransaction', 'a 63-character tx id', { params: { txId: TX63 } }, [['txId']]],
  ['walletTransaction', 'a 65-character tx id', { params: { txId: TX65 } }, [['txId']]],
  ['walletTransaction', 'a tx id with a non-hex character', { params: { txId: `${'a'.repeat(63)}g` } }, [['txId']]],
  ['tokenDetails', 'the HTR uid 00 (the client fills HTR itself)', { params: { token_id: '00' } }, [['token_id']]],
  ['walletHasTxOutsideFirstAddress', 'an unknown query key', { query: { index: '0' } }, [['index']]],
  ['walletTokens', 'an unknown query key', { query: { token: '00' } }, [['token']]],
  ['walletStatus', 'an unknown query key', { query: { x: '1' } }, [['x']]],
  ['proxyTransaction', 'a 63-character tx id', { params: { txId: TX63 } }, [['txId']]],
  ['proxyConfirmationData', 'a 65-character tx id', { params: { txId: TX65 } }, [['txId']]],
  ['proxyGraphvizNeighbours', 'a missing graphType and a maxLevel that is not a number', { query: { txId: 'a'.repeat(64), maxLevel: 'x' } }, [['graphType'], ['maxLevel']]],
  ['proxyNanoContractState', 'no contract id', { query: {} }, [['id']]],
  ['proxyNanoContractHistory', 'a count of 0', { query: { id: 'a'.repeat(64), count: '0' } }, [['count']]],
  ['proxyBlueprintInfo', 'a short blueprint id', { query: { blueprint_id: 'abc' } }, [['blueprint_id']]],
  ['authToken', 'ts out of the integers', { body: { ts: 1.5, xpub: 'x', sign: 's', walletId: 'w' } }, [['ts'], ['xpub'], ['walletId']]],
  ['authReadOnlyToken', 'no body', {}, [[]]],
  ['version', 'an unknown query key', { query: { v: '1' } }, [['v']]],
  ['txProposalCreate', 'a txHex that is not hexadecimal', { body: { txHex: 'xyz' } }, [['txHex']]],
  ['txProposalCreate', 'no txHex and an unknown key', { body: { hex: 'ab' } }, [['txHex'], ['hex']]],
  ['txProposalCreate', 'bytes that are not a transaction', { body: { txHex: '0001ff' } }, [['txHex']]],
  ['txProposalSend', 'a proposal id that is not a UUID', { params: { txProposalId: '1234' }, body: { txHex: 'ab' } }, [['txProposalId']]],
  ['txProposalSend', 'a txHex of an odd length', { params: { txProposalId: '7b1c7c8e-0a4c-4d7a-9d4c-1f2e3d4c5b6a' }, body: { txHex: 'abc' } }, [['txHex']]],
  ['txProposalDestroy', 'a proposal id that is not a UUID', { params: { txProposalId: 'not-a-uuid' } }, [['txProposalId']]],
  ['pushRegister', 'no provider, a device id over 256 characters and a flag as a string', { body: { deviceId: 'd'.repeat(257), enablePush: 'true' } }, [['pushProvider'], ['deviceId'], ['enablePush']]],
  ['pushRegister', 'an unknown provider and an unknown key', { body: { pushProvider: 'windows', deviceId: 'd', token: 't' } }, [['pushProvider'], ['token']]],
  ['pushRegister', 'an empty device id', { body: { pushProvider: 'android', deviceId: '' } }, [['deviceId']]],
  ['pushUpdate', 'no device id and a flag as a number', { body: { enableShowAmounts: 1 } }, [['deviceId'], ['enableShowAmounts']]],
  ['pushUnregister', 'a device id over 256 characters', { params: { deviceId: 'd'.repeat(257) } }, [['deviceId']]],
];

describe('validation: every client mistake is a 400 naming the field', () => {
  let api: TestApi;
  let walletId: string;
  beforeAll(async () => {
    api = await createTestApi('validation');
    walletId = await createAndLoad(api.app, scenario('WALLET_ACTIVITY').truth.setup!.wallets[0]);
  });
  afterAll(async () => {
    await api?.close();
  });

  test('the table covers every route that takes input', () => {
    const covered = new Set(CASES.map((c) => c[0]));
    const withInput = ROUTES.filter((r) => r.query || r.body || r.params).map((r) => r.name);
    const exempt = new Set(['walletInit', 'walletChangeAuth', 'health', 'metrics', 'openapi']); // auth.test.ts covers init and auth bodies
    expect(withInput.filter((n) => !covered.has(n) && !exempt.has(n))).toEqual([]);
  });

  test.each(CASES)('%s: %s', async (name, _what, request, paths) => {
    const route = byName(name);
    const res = await call(route, api.app, { ...request, as: { walletId, mode: 'full' } });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.error).toBe('invalid-payload');
    expect(res.body.details?.map((d) => d.path)).toEqual(paths);
    for (const d of res.body.details ?? []) expect(d.message).toMatch(/\S/);
  });

  test('query strings are converted, JSON bodies are not', async () => {
    const ok = await call(byName('walletHistory'), api.app, { query: { count: '5', skip: '0' }, as: { walletId, mode: 'ro' } });
    expect(ok).toMatchObject({ status: 200, body: { count: 5, skip: 0 } });
    const body = await call(byName('walletCheckAddressesMine'), api.app, { body: { addresses: [5] }, as: { walletId, mode: 'full' } });
    expect(body.body.details).toEqual([{ message: '"addresses.0" must be of type string', path: ['addresses', 0] }]);
  });

  test('messages read like the upstream API\'s', async () => {
    const res = await call(byName('walletHistory'), api.app, { query: { count: '99', foo: 'x' }, as: { walletId, mode: 'ro' } });
    expect(res.body.details).toEqual([{ message: '"foo" is not allowed', path: ['foo'] }]);
    const count = await call(byName('walletHistory'), api.app, { query: { count: '99' }, as: { walletId, mode: 'ro' } });
    expect(count.body.details).toEqual([{ message: '"count" must be at most 50', path: ['count'] }]);
  });
});
