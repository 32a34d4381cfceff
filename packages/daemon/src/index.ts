/**
 * What other packages' tests and tools use of the daemon without running its process: the store (plan
 * and apply a batch of events) and the self-audit. The process entry point is main.ts.
 */
export { createStore, type StoreOptions } from './apply/store';
export { createAddressDeriver } from './hathor/derive';
export { verify, type Difference, type VerifyReport } from './verify/run';
export type { StreamIdentity } from './sync/contract';
