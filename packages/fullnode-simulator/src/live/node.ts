import { createLogger, DEV_SEED, type Logger } from '@wallet-service/common';
import { decodeAddress, networkBytes } from '../generator/scripts';
import type { Vertex } from '../generator/model';
import { DEFAULT_NETWORK } from '../server/defaults';
import { startSimulator, type Simulator } from '../server/simulator';
import { defaultMinerAddress, LiveChain } from './chain';
import { pushTx, type PushResult } from './push';
import { StreamRecorder } from './recorder';
import { liveRoutes } from './routes';
import { TX_MINING_PREFIX, txMiningRoutes } from './tx-mining';

export interface LiveNodeOptions {
  /** 0 or undefined = a random free port */
  port?: number;
  host?: string;
  network?: string;
  peerId?: string;
  streamId?: string;
  rewardSpendMinBlocks?: number;
  /** receives the genesis premine (default: DEV_SEED's address 0 on the network) */
  premineAddress?: string;
  /** receives block rewards (default: a fixed address per network that nobody owns) */
  minerAddress?: string;
  /** seconds between blocks; 0 or undefined = only on demand (POST /v1a/mine, `mine()`) */
  blockInterval?: number;
  /** write every event to this JSONL file (replayable with --replay) */
  record?: string;
  /** unix seconds; tests move it to pass timelocks */
  clock?: () => number;
  logger?: Logger;
}

export interface LiveNode {
  /** http://host:port (node API under /v1a/) */
  url: string;
  httpUrl: string;
  wsUrl: string;
  /** what to give the wallet client as its tx-mining URL */
  txMiningUrl: string;
  port: number;
  premineAddress: string;
  minerAddress: string;
  network: string;
  peerId: string;
  streamId: string;
  rewardSpendMinBlocks: number;
  chain: LiveChain;
  simulator: Simulator;
  /** mines one block now and returns its hash */
  mine(): string;
  /** validates and accepts a hex tx, as POST /v1a/push_tx does */
  pushTx(hex: string): PushResult;
  /** two tx parents and a timestamp the node accepts for a new tx now (for building txs in tests) */
  nextTxGraph(): { parents: string[]; timestamp: number };
  /** every event so far, as served */
  events(): string[];
  close(): Promise<void>;
}

function libNetworkOf(network: string): 'mainnet' | 'testnet' {
  return networkBytes(network).walletLibNetwork;
}

/**
 * Starts a live stand-in full node: the event websocket and node API of `startSimulator`, over a DAG that
 * grows with pushed txs and mined blocks, plus push_tx, mine and the tx-mining stand-in.
 */
export async function startLiveNode(opts: LiveNodeOptions = {}): Promise<LiveNode> {
  const logger = opts.logger ?? createLogger({ service: 'fullnode-simulator', level: 'warn' });
  const network = opts.network ?? DEFAULT_NETWORK;
  const premine = decodeAddress(opts.premineAddress ?? DEV_SEED.addresses[libNetworkOf(network)][0], network);
  const miner = opts.minerAddress === undefined ? defaultMinerAddress(network) : decodeAddress(opts.minerAddress, network);
  const chain = new LiveChain({ ...opts, network, premine, miner });
  const meta = chain.meta;
  const recorder = opts.record === undefined ? null : new StreamRecorder(opts.record, meta);
  const served: string[] = chain.takeEvents();
  recorder?.write(served);

  let simulator: Simulator | null = null;
  /** Hands the step's events to every stream (and the recording) at once. */
  const publish = () => {
    const events = chain.takeEvents();
    if (events.length === 0) return;
    served.push(...events);
    recorder?.write(events);
    simulator?.append(events);
  };
  const mine = (): Vertex => {
    const block = chain.mine();
    publish();
    logger.info('mined block', { hash: block.hash, height: block.height, confirms: block.confirms.length, mempool: chain.dag.mempool.size });
    return block;
  };
  const push = (hex: unknown, force: boolean): PushResult => {
    const result = pushTx(chain, hex, force);
    publish();
    if (result.accepted) logger.info('accepted tx', { hash: result.accepted.hash, mempool: chain.dag.mempool.size });
    else logger.info('rejected tx', { message: result.body.message });
    return result;
  };
  const nextTxGraph = () => {
    const parents = chain.pickTxParents(chain.clock());
    return { parents, timestamp: chain.minTimestamp(parents) };
  };

  const routes = [
    ...liveRoutes({ push, mine: () => mine() }),
    ...txMiningRoutes({ network, parents: () => chain.pickTxParents(chain.clock()), minTimestamp: (p) => chain.minTimestamp(p) }),
  ];
  simulator = await startSimulator({
    stream: { meta, events: served.slice() },
    port: opts.port,
    host: opts.host,
    routes,
    indexInBackground: true,
    logger,
  });
  const sim = simulator;

  const interval = opts.blockInterval ?? 0;
  const timer = interval > 0 ? setInterval(() => mine(), interval * 1000) : null;
  timer?.unref();

  return {
    url: sim.httpUrl,
    httpUrl: sim.httpUrl,
    wsUrl: sim.wsUrl,
    txMiningUrl: `${sim.httpUrl}${TX_MINING_PREFIX}`,
    port: sim.port,
    premineAddress: premine.base58,
    minerAddress: miner.base58,
    network,
    peerId: meta.peerId,
    streamId: meta.streamId,
    rewardSpendMinBlocks: meta.rewardSpendMinBlocks,
    chain,
    simulator: sim,
    mine: () => mine().hash,
    pushTx: (hex) => push(hex, false),
    nextTxGraph,
    events: () => served.slice(),
    close: async () => {
      if (timer) clearInterval(timer);
      await sim.close();
      recorder?.close();
    },
  };
}
