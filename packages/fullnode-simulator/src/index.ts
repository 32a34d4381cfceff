export type { EventStream, StreamMeta } from './stream';
export { startSimulator, type Simulator, type SimulatorOptions } from './server/simulator';
export type { BeforeSend, SimConnection } from './server/connection';
export type { HttpReply, HttpRoute } from './server/http';
export type { VersionInfo } from './server/version';
export * from './server/defaults';
export { loadReplayFile, ReplayFileError, type ReplayOptions } from './replay/load';
export { checkStream, readExpected, diffTruth, type CheckOptions } from './checker';
export type * from './truth/types';
