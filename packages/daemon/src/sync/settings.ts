import { env, type ConfigOf } from '@wallet-service/common';

/** wallet-lib knows these networks (address version bytes); a node's own network name may differ. */
export const WALLET_NETWORKS = ['mainnet', 'testnet', 'privatenet'] as const;

/** Settings of the sync itself: batching, the window the node may run ahead, networks, shutdown. */
export const syncSpec = {
  /** Most events applied in one database transaction. */
  SYNC_BATCH_SIZE: env.int(2000, 1, 100_000),
  /** Events the node may send beyond the last ACK; 1 means strictly one event in flight. */
  SYNC_WINDOW_SIZE: env.int(2000, 1, 100_000),
  /** How long a partial batch waits for more events that are on their way. */
  SYNC_LINGER_MS: env.int(5, 0, 10_000),
  /** Rows of each kind (transactions, outputs by tx, address balances…) kept between batches; 0: none. */
  TX_CACHE_SIZE: env.int(10_000, 0, 10_000_000),
  /** wallet-lib network used to derive addresses from wallet xpubs. */
  NETWORK: env.oneOf(WALLET_NETWORKS),
  /** The network name the node puts on events (mainnet, testnet-golf, unittests…); defaults to NETWORK. */
  FULLNODE_NETWORK: env.optionalString(),
  /** Malformed frames in a row (without progress) tolerated by resuming before the daemon stops. */
  SYNC_MAX_DECODE_FAILURES: env.int(3, 0, 1000),
  /**
   * While streaming with no batch in flight, how often to check for locked outputs whose timelock has
   * passed and unlock them without waiting for the next event (0: only batches settle timelocks).
   */
  TIMELOCK_SETTLE_INTERVAL_MS: env.int(30_000, 0, 86_400_000),
  /** SIGTERM/SIGINT: time to finish the batch in flight and close everything before exiting anyway. */
  DAEMON_SHUTDOWN_TIMEOUT_MS: env.int(15_000, 100),
};

export type SyncConfig = ConfigOf<typeof syncSpec>;
