import { describeWithFixtures, fixturePath } from '@wallet-service/common/testing/fixtures';
import { generateScenario } from '../../../generator';
import { loadReplayFile } from '../../../replay/load';
import { finalVertices, get, withSimulator } from './helpers';

// SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS: block 9b83e5 (height 1) pays 545375, which d2bd5f spends; both txs
// sit on the genesis txs 16ba3d / 33e14c and are confirmed by block 7c7449.
const D2BD = 'd2bd5f83fcbfa5dee2b602ddc18ebd4f7714e1ecf928824f862efb0559dcb4d6';
const T5453 = '5453759e15a6413a06390868cbb56509704c6f3f7d25f443556d8d6b2dacc650';
const B9B83 = '9b83e5dbc7145a5a161c34da4bec4e1a64dc02a3f2495a2db78457426c9ee6bf';
const G16BA = '16ba3dbe424c443e571b00840ca54b9ff4cff467e10b6a15536e718e2008f952';
const G33E1 = '33e14cb555a96967841dcbe0f95e9eab5810481d01de8f4f73afb8cce365e869';

describeWithFixtures('GET /v1a/graphviz/neighbours.dot on a recorded stream', () => {
  const stream = () => loadReplayFile(fixturePath('SINGLE_CHAIN_BLOCKS_AND_TRANSACTIONS', 'jsonl'));

  it('funds: spent txs and spenders, two levels out, with the node\'s block and root styles', async () => {
    await withSimulator(stream(), async (sim) => {
      const reply = await get(sim, `/v1a/graphviz/neighbours.dot?tx=${D2BD}&graph_type=funds&max_level=2`);
      expect(reply.status).toBe(200);
      expect(reply.contentType).toBe('application/dot');
      expect(reply.text).toBe(
        [
          'digraph {',
          '\trankdir=RL',
          '\tnode [shape=oval style=""]',
          `\t${D2BD} [label=b4d6 style=filled penwidth=5.0]`,
          `\t${D2BD} -> "${T5453}"`,
          `\t"${T5453}" [label=c650]`,
          `\t"${T5453}" -> "${B9B83}"`,
          `\t"${B9B83}" [label=e6bf shape=box style=filled fillcolor="#EC644B"]`,
          '}',
          '',
        ].join('\n'),
      );
    });
  });

  it('verification: parents and children one level out, blocks left out, genesis styled', async () => {
    await withSimulator(stream(), async (sim) => {
      const { text } = await get(sim, `/v1a/graphviz/neighbours.dot?tx=${D2BD}&graph_type=verification&max_level=1`);
      expect(text).toBe(
        [
          'digraph {',
          '\trankdir=RL',
          '\tnode [shape=oval style=""]',
          `\t${D2BD} [label=b4d6 style=filled penwidth=5.0]`,
          `\t${D2BD} -> "${T5453}"`,
          `\t${D2BD} -> "${G33E1}"`,
          `\t"${G33E1}" [label=e869 fillcolor="#87D37C" style=filled]`,
          `\t"${T5453}" [label=c650]`,
          `\t"${T5453}" -> "${G16BA}"`,
          `\t"${T5453}" -> "${G33E1}"`,
          `\t"${G16BA}" [label=f952 fillcolor="#87D37C" style=filled]`,
          '}',
          '',
        ].join('\n'),
      );
    });
  });

  it('a block as the root of a verification graph draws nothing, as in the node', async () => {
    await withSimulator(stream(), async (sim) => {
      const { text } = await get(sim, `/v1a/graphviz/neighbours.dot?tx=${B9B83}&graph_type=verification&max_level=2`);
      expect(text).toBe('digraph {\n\trankdir=RL\n\tnode [shape=oval style=""]\n}\n');
    });
  });

  it('a voided tx is drawn dashed and grey', async () => {
    await withSimulator(loadReplayFile(fixturePath('UNVOIDED_TRANSACTION', 'jsonl')), async (sim) => {
      const voided = 'cba55aadc9fd8d5bdb6f394d8f5eb00cc775db12c2512c9e37df8e31ca3841f4';
      const { text } = await get(sim, `/v1a/graphviz/neighbours.dot?tx=${voided}&graph_type=funds&max_level=0`);
      expect(text).toContain(`\t${voided} [label="41f4" style=filled penwidth=5.0 fillcolor="#BDC3C7"]`);
    });
  });
});

describe('GET /v1a/graphviz/neighbours.dot on generated streams', () => {
  it('draws at most 20 children and a "more children" node for the rest', async () => {
    const stream = generateScenario('DEEP_REORG').stream;
    const all = finalVertices(stream);
    const children = (h: string) => [...all.values()].filter((v) => !v.removed && v.data.parents.includes(h));
    const [busy] = [...all.keys()].filter((h) => children(h).length > 20);
    if (busy === undefined) throw new Error('scenario has no vertex with more than 20 children');
    await withSimulator(stream, async (sim) => {
      const { text } = await get(sim, `/v1a/graphviz/neighbours.dot?tx=${busy}&graph_type=verification&max_level=0`);
      // IDs are quoted only when they start with a digit (the hash decides).
      const extra = `"?${busy}_extra_children"?`;
      expect(text).toMatch(new RegExp(`\\t${extra} \\[label="more children"\\]\\n\\t${extra} -> "?${busy}"?\\n`));
      const drawn = text.split('\n').filter((l) => l.includes('[label=') && !l.includes(busy));
      const childTxs = children(busy).filter((v) => v.data.version !== 0).length;
      expect(drawn.length).toBeLessThanOrEqual(20);
      expect(drawn.length).toBeLessThanOrEqual(childTxs);
      expect(drawn.length).toBeGreaterThan(0);
    });
  });

  it('names a missing or bad parameter with 400, an unknown tx with the node\'s message', async () => {
    const stream = generateScenario('SINGLE_CHAIN_ONE_BLOCK').stream;
    const [hash] = finalVertices(stream).keys();
    await withSimulator(stream, async (sim) => {
      const base = `/v1a/graphviz/neighbours.dot?tx=${hash}`;
      for (const [query, status, message] of [
        [`${base}&graph_type=funds`, 400, 'Missing parameter: max_level'],
        ['/v1a/graphviz/neighbours.dot', 400, 'Missing parameter: graph_type, max_level, tx'],
        [`${base}&graph_type=money&max_level=1`, 400, 'graph_type must be "verification" or "funds", got "money"'],
        [`${base}&graph_type=funds&max_level=-1`, 400, 'max_level must be a non-negative integer, got "-1"'],
        [`/v1a/graphviz/neighbours.dot?tx=${'1'.repeat(64)}&graph_type=funds&max_level=1`, 200, 'Transaction not found'],
        ['/v1a/graphviz/neighbours.dot?tx=nope&graph_type=funds&max_level=1', 200, 'Invalid hash'],
      ] as const) {
        const reply = await get(sim, query);
        expect({ query, status: reply.status, body: reply.body }).toEqual({ query, status, body: { success: false, message } });
      }
    });
  });

  it('caps max_level at 3 like the node', async () => {
    const stream = generateScenario('WALLET_ACTIVITY').stream;
    const [hash] = [...finalVertices(stream).values()].filter((v) => v.data.version === 1 && v.data.inputs.length > 0).map((v) => v.data.hash);
    await withSimulator(stream, async (sim) => {
      const at3 = await get(sim, `/v1a/graphviz/neighbours.dot?tx=${hash}&graph_type=funds&max_level=3`);
      const at9 = await get(sim, `/v1a/graphviz/neighbours.dot?tx=${hash}&graph_type=funds&max_level=9`);
      const at2 = await get(sim, `/v1a/graphviz/neighbours.dot?tx=${hash}&graph_type=funds&max_level=2`);
      expect(at9.text).toBe(at3.text);
      expect(at3.text.length).toBeGreaterThan(at2.text.length);
    });
  });
});
