'use strict';
// The real @hathor/wallet-lib 4.1.0 client (HathorWalletServiceWallet) in a plain Node process, driven by
// the end-to-end test over IPC (client.ts). It runs here rather than inside jest because jest's module
// sandbox makes the lib's key derivation and signing several times slower (measured: access data from a
// seed 11 s under jest, 2.6 s here). Nothing is stubbed: the lib talks HTTP to the API under
// serverless-offline at WALLET_SERVICE_URL.
//
// Messages in: {id, op:'create', wallet, seed|xpub, pin, ws?} | {id, op:'call', wallet, method, args} |
// {id, op:'stop'}. Out: {id, ok:true, result, ms} or {id, ok:false, error:{name, message, status}}, and
// for a wallet created with ws: {event, wallet, data, at} for each new-tx / update-tx the lib emits.
// The channel uses structured-clone serialization, so bigints (amounts) cross it unchanged.
const http = require('http');
const lib = require('@hathor/wallet-lib');

// Node ≥ 19 keeps idle client sockets for 5 s, exactly as long as serverless-offline's server keeps
// them: a request sent as an idle socket expires fails with "socket hang up" (seen under load, where the
// lib's key derivation delays timers by seconds). API Gateway keeps connections far longer, and browser
// or React Native apps have their own transport; so this process opens a connection per request.
http.globalAgent = new http.Agent({ keepAlive: false });

const wallets = new Map();

lib.config.setWalletServiceBaseUrl(process.env.WALLET_SERVICE_URL);
if (process.env.TX_MINING_URL) lib.config.setTxMiningUrl(process.env.TX_MINING_URL);
if (process.env.WALLET_SERVICE_WS_URL) lib.config.setWalletServiceBaseWsUrl(process.env.WALLET_SERVICE_WS_URL);

// What the app sees: the lib emits these only for frames that pass its wsTransactionSchema.
const WALLET_EVENTS = ['new-tx', 'update-tx'];

/** getAllAddresses returns an async generator; the test wants what it yields. */
async function settle(value) {
  if (value && typeof value[Symbol.asyncIterator] === 'function') {
    const items = [];
    for await (const item of value) items.push(item);
    return items;
  }
  return value;
}

function errorOf(err) {
  const cause = err && err.cause;
  return {
    name: (err && err.constructor && err.constructor.name) || 'Error',
    message: String((err && err.message) || err) + (err && err.code ? ` (${err.code})` : ''),
    // WalletRequestError from the token routes carries the HTTP status of the refusal.
    status: cause && typeof cause.status === 'number' ? cause.status : undefined,
  };
}

async function handle(msg) {
  if (msg.op === 'create') {
    if (wallets.has(msg.wallet)) throw new Error(`wallet ${msg.wallet} exists already`);
    const wallet = new lib.HathorWalletServiceWallet({
      requestPassword: async () => msg.pin,
      ...(msg.seed ? { seed: msg.seed } : { xpub: msg.xpub }),
      network: new lib.Network('mainnet'),
      enableWs: Boolean(msg.ws),
    });
    if (msg.ws) {
      for (const event of WALLET_EVENTS) {
        wallet.on(event, (data) => process.send({ event, wallet: msg.wallet, data, at: Date.now() }));
      }
      // The frames in the order they arrived, as the connection hands them to the wallet: the lib emits
      // new-tx only after its own round trip (getNewAddresses, when the tx pays one of the wallet's new
      // addresses) and update-tx at once, so its events can come out of the order the frames came in.
      for (const [method, event] of [['onNewTx', 'new-tx'], ['onUpdateTx', 'update-tx']]) {
        const handler = wallet[method].bind(wallet);
        wallet[method] = (data) => {
          process.send({ frame: true, event, wallet: msg.wallet, data, at: Date.now() });
          return handler(data);
        };
      }
    }
    wallets.set(msg.wallet, wallet);
    return null;
  }
  if (msg.op === 'call') {
    const wallet = wallets.get(msg.wallet);
    if (!wallet) throw new Error(`no wallet ${msg.wallet}`);
    if (typeof wallet[msg.method] !== 'function') throw new Error(`HathorWalletServiceWallet has no method ${msg.method}`);
    return settle(await wallet[msg.method](...msg.args));
  }
  if (msg.op === 'stop') {
    for (const wallet of wallets.values()) await wallet.stop({ cleanStorage: true });
    // Requiring the lib starts a background task that would keep this process alive.
    lib.stopGLLBackgroundTask();
    return null;
  }
  throw new Error(`unknown op ${msg.op}`);
}

process.on('message', (msg) => {
  const started = Date.now();
  // After the answer to 'stop' the channel closes and the process exits.
  const after = msg.op === 'stop' ? () => process.disconnect() : undefined;
  handle(msg).then(
    (result) => process.send({ id: msg.id, ok: true, result, ms: Date.now() - started }, after),
    (err) => process.send({ id: msg.id, ok: false, error: errorOf(err), ms: Date.now() - started }, after),
  );
});
// The test is gone (crashed or killed): do not linger.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
