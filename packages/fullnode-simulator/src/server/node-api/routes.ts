import type { HttpRoute } from '../http';
import type { VersionInfo } from '../version';
import { accWeightRoute } from './acc-weight';
import { graphvizRoute } from './graphviz';
import { healthRoute } from './health';
import { nanoHistoryRoute } from './nano-history';
import { blueprintInfoRoute, nanoStateRoute } from './nano-state';
import { tokenRoute } from './tokens';
import { transactionRoute } from './transaction';
import type { VertexIndex } from './vertex-index';

/** The node's read-only API over the vertices the simulator knows (what the wallet API proxies). */
export function nodeApiRoutes(index: VertexIndex, version: () => VersionInfo): HttpRoute[] {
  return [
    transactionRoute(index),
    accWeightRoute(index),
    graphvizRoute(index),
    nanoStateRoute(index),
    nanoHistoryRoute(index),
    blueprintInfoRoute(index),
    tokenRoute(index),
    healthRoute(version),
  ];
}
