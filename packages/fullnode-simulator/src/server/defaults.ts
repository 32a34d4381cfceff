/** Defaults shared by the library and the CLI. */

/** The recorded streams' (and the node's events simulator's) reward lock. */
export const DEFAULT_REWARD_SPEND_MIN_BLOCKS = 10;
export const DEFAULT_PORT = 8083;
export const DEFAULT_HOST = '127.0.0.1';

/** The wire values hathor-core's events simulator uses (daemon-spec §1.1). */
export const DEFAULT_PEER_ID = 'simulator_peer_id';
export const DEFAULT_STREAM_ID = 'simulator_stream_id';
export const DEFAULT_NETWORK = 'unittests';

export const EVENT_WS_PATH = '/v1a/event_ws';
