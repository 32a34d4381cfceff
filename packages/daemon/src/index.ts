/**
 * What other packages' tests and tools use of the daemon: the store (plan and apply a batch of events),
 * the self-audit, and a way to run the built process (dist/main.js, whose entry point is main.ts).
 */
export { createStore, type StoreOptions } from './apply/store';
export { createAddressDeriver } from './hathor/derive';
export { verify, type Difference, type VerifyReport } from './verify/run';
export type { StreamIdentity } from './sync/contract';
export { DAEMON_MAIN, spawnDaemon, waitForExit, type DaemonEnv } from './bench/daemonProcess';
