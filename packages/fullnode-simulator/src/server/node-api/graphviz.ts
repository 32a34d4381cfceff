import type { HttpReply, HttpRoute } from '../http';
import { findVertex, messageReply, missingParams, uintParam } from './params';
import type { VertexData } from './vertex-data';
import type { VertexIndex } from './vertex-index';

/** The node caps max_level here (MAX_GRAPH_LEVEL) and draws at most this many children per vertex. */
export const MAX_GRAPH_LEVEL = 3;
const MAX_CHILDREN = 20;

/** voided_by marker of soft-voided vertices (the node's SOFT_VOIDED_ID, b'tx-non-grata'). */
const SOFT_VOIDED_ID = Buffer.from('tx-non-grata').toString('hex');

type Attrs = Record<string, string>;

const BLOCK_ATTRS: Attrs = { shape: 'box', style: 'filled', fillcolor: '#EC644B' };
const GENESIS_ATTRS: Attrs = { fillcolor: '#87D37C', style: 'filled' };
const VOIDED_ATTRS: Attrs = { style: 'dashed,filled', penwidth: '0.25', fillcolor: '#BDC3C7' };
const SOFT_VOIDED_ATTRS: Attrs = { style: 'dashed,filled', penwidth: '0.25', fillcolor: '#CCCCFF' };
const CONFLICT_ATTRS: Attrs = { style: 'dashed,filled', penwidth: '2.0', fillcolor: '#BDC3C7' };
const ROOT_ATTRS: Attrs = { style: 'filled', penwidth: '5.0' };

const DOT_KEYWORDS = new Set(['node', 'edge', 'graph', 'digraph', 'subgraph', 'strict']);

/** An ID the way Python's graphviz package writes it: bare when DOT allows it, else double-quoted. */
function quote(id: string): string {
  const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(id) && !DOT_KEYWORDS.has(id.toLowerCase());
  if (bare || /^-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)$/.test(id)) return id;
  return `"${id.replace(/"/g, '\\"')}"`;
}

function attrList(attrs: Attrs): string {
  const items = Object.entries(attrs).map(([k, v]) => `${quote(k)}=${quote(v)}`);
  return items.length === 0 ? '' : ` [${items.join(' ')}]`;
}

/** Collects DOT statements in the order the node's Digraph would print them. */
class Dot {
  private readonly lines: string[] = ['\trankdir=RL', '\tnode [shape=oval style=""]'];

  node(name: string, attrs: Attrs): void {
    this.lines.push(`\t${quote(name)}${attrList(attrs)}`);
  }

  edge(from: string, to: string): void {
    this.lines.push(`\t${quote(from)} -> ${quote(to)}`);
  }

  toString(): string {
    return `digraph {\n${this.lines.join('\n')}\n}\n`;
  }
}

function nodeAttrs(index: VertexIndex, vid: number, data: VertexData): Attrs {
  const attrs: Attrs = { label: data.name ?? data.hash.slice(-4) };
  if (index.isBlock(vid)) Object.assign(attrs, BLOCK_ATTRS);
  if (data.parents.length === 0) Object.assign(attrs, GENESIS_ATTRS);
  const voidedBy = data.metadata.voided_by;
  if (voidedBy.length > 0) {
    if (voidedBy.includes(data.hash)) Object.assign(attrs, CONFLICT_ATTRS);
    Object.assign(attrs, voidedBy.includes(SOFT_VOIDED_ID) ? SOFT_VOIDED_ATTRS : VOIDED_ATTRS);
  }
  return attrs;
}

export type GraphType = 'verification' | 'funds';

/**
 * The node's tx_neighborhood walk: from the vertex, neighbours up to `maxLevel` steps away (parents and the
 * first 20 children for verification, which leaves blocks out; spent txs and spenders for funds), visited
 * depth first from a stack, with an edge to each parent (verification) or spent tx (funds) already seen.
 */
export function neighbourhoodDot(index: VertexIndex, root: number, graphType: GraphType, maxLevel: number): string {
  const dot = new Dot();
  const stack: Array<[number, number]> = [[0, root]];
  const seen = new Set<string>([index.hashOf(root)]);
  const visit = (level: number, hashes: Iterable<string>) => {
    for (const h of hashes) {
      if (seen.has(h)) continue;
      seen.add(h);
      const vid = index.lookup(h);
      if (vid !== undefined) stack.push([level + 1, vid]);
    }
  };
  while (stack.length > 0) {
    const [level, vid] = stack.pop() as [number, number];
    const data = index.data(vid);
    const attrs = nodeAttrs(index, vid, data);
    if (vid === root) Object.assign(attrs, ROOT_ATTRS);
    if (graphType === 'verification') {
      if (index.isBlock(vid)) continue;
      dot.node(data.hash, attrs);
      if (level <= maxLevel) {
        const children = index.children(vid).map((c) => index.hashOf(c));
        visit(level, [...data.parents, ...children.slice(0, MAX_CHILDREN)]);
        if (children.length > MAX_CHILDREN) {
          const extra = `${data.hash}_extra_children`;
          dot.node(extra, { label: 'more children' });
          dot.edge(extra, data.hash);
        }
      }
      for (const parent of data.parents) if (seen.has(parent)) dot.edge(data.hash, parent);
    } else {
      dot.node(data.hash, attrs);
      if (level <= maxLevel) {
        const spenders = data.metadata.spent_outputs.flatMap((s) => s.tx_ids);
        visit(level, [...data.inputs.map((i) => i.tx_id), ...spenders]);
      }
      for (const input of data.inputs) if (seen.has(input.tx_id)) dot.edge(data.hash, input.tx_id);
    }
  }
  return dot.toString();
}

/**
 * GET /v1a/graphviz/neighbours.dot?tx=&graph_type=verification|funds&max_level= → the DOT text, served as
 * application/dot like the node. An unknown or malformed tx gets the node's {success:false, message}; missing
 * or bad parameters, which make the node fail with a 500, get a 400 naming the parameter.
 */
export function graphvizRoute(index: VertexIndex): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/graphviz/neighbours.dot',
    async handle(url): Promise<HttpReply> {
      await index.catchUp();
      const missing = missingParams(url, ['graph_type', 'max_level', 'tx']);
      if (missing !== null) return messageReply(missing, 400);
      const found = findVertex(index, url.searchParams.get('tx') ?? '');
      if ('message' in found) return messageReply(found.message);
      const graphType = url.searchParams.get('graph_type');
      if (graphType !== 'verification' && graphType !== 'funds') {
        return messageReply(`graph_type must be "verification" or "funds", got ${JSON.stringify(graphType)}`, 400);
      }
      const maxLevel = uintParam(url, 'max_level');
      if (typeof maxLevel === 'object') return messageReply(maxLevel.error, 400);
      const dot = neighbourhoodDot(index, found.vid, graphType, Math.min(maxLevel ?? 0, MAX_GRAPH_LEVEL));
      return { status: 200, body: dot, contentType: 'application/dot' };
    },
  };
}
