import { createHash } from 'node:crypto';
import { base58Decode } from '../../generator/scripts';
import type { HttpReply, HttpRoute } from '../http';
import { bigJsonReply, errorBody, hexBytes, listParam } from './params';
import { tokenExists } from './tokens';
import type { VertexIndex } from './vertex-index';

/**
 * GET /v1a/nano_contract/state and /v1a/nano_contract/blueprint/info from what the nano headers reveal.
 * Events carry no blueprint code and no contract storage, so blueprints have no known fields or view methods
 * (every requested field is 'not a blueprint field', every call fails) and are all named SimulatedBlueprint;
 * balances are the funds successful executions moved in plus the tokens the contract created, as of the best
 * block (block_hash / block_height / timestamp pick the block whose existence check applies, like the node,
 * but the balances stay the current ones). Errors are the node's ({success:false, error} with 400 or 404).
 */
export const SIMULATED_BLUEPRINT_NAME = 'SimulatedBlueprint';

/** A contract exists once its initialize call has been executed successfully. */
export function contractExists(index: VertexIndex, contractId: string): boolean {
  const init = index.nano.initializeVid(contractId);
  return init !== undefined && index.isExecuted(init);
}

/** The height at which the contract came to exist: its initialize call's first block. */
function createdAtHeight(index: VertexIndex, contractId: string): number | undefined {
  const init = index.nano.initializeVid(contractId);
  if (init === undefined || !index.isExecuted(init)) return undefined;
  const firstBlock = index.data(init).metadata.first_block;
  const block = firstBlock == null ? undefined : index.lookup(firstBlock);
  return block === undefined ? undefined : index.height(block);
}

function sha256d(data: Buffer): Buffer {
  return createHash('sha256').update(createHash('sha256').update(data).digest()).digest();
}

function validAddress(base58: string): boolean {
  try {
    const raw = base58Decode(base58);
    return raw.length === 25 && sha256d(raw.subarray(0, 21)).subarray(0, 4).equals(raw.subarray(21));
  } catch {
    return false;
  }
}

/** The node's field-name syntax: dot-separated parts, a'<base58>' address keys and b'<hex>' byte keys. */
function validFieldName(field: string): boolean {
  return field.split('.').every((part) => {
    if (part.startsWith("a'") && part.endsWith("'")) return validAddress(part.slice(2, -1));
    if (part.startsWith("b'") && part.endsWith("'")) return hexBytes(part.slice(2, -1)) !== null;
    return true;
  });
}

function intArg(url: URL, name: string): number | null | { error: string } {
  const text = url.searchParams.get(name);
  if (text === null) return null;
  if (!/^-?\d+$/.test(text.trim())) return { error: `${name}: Input should be a valid integer, unable to parse string as an integer (got ${JSON.stringify(text)})` };
  return Number(text);
}

interface BlockParams {
  hash: string | null;
  height: number | null;
  timestamp: number | null;
}

/** block_hash, block_height and timestamp: well-formed and at most one of them. */
function blockParams(url: URL): BlockParams | HttpReply {
  const hash = url.searchParams.get('block_hash');
  const height = intArg(url, 'block_height');
  const timestamp = intArg(url, 'timestamp');
  if (height !== null && typeof height === 'object') return errorBody(height.error, 400);
  if (timestamp !== null && typeof timestamp === 'object') return errorBody(timestamp.error, 400);
  if ([hash, height, timestamp].filter((x) => x !== null).length > 1) {
    return errorBody('only one of `block_hash`, `block_height`, or `timestamp` must be used', 400);
  }
  return { hash, height, timestamp };
}

/** The block the state is asked at (default the best block), or the node's error for a bad reference. */
function stateBlock(index: VertexIndex, p: BlockParams): number | HttpReply | undefined {
  if (p.hash !== null) {
    const hex = hexBytes(p.hash);
    if (hex === null) return errorBody(`Invalid block_hash parameter: ${p.hash}`, 400);
    const vid = index.lookup(hex);
    if (vid === undefined || !index.isBlock(vid)) return errorBody(`Invalid block_hash ${p.hash}.`, 400);
    return vid;
  }
  if (p.height !== null) {
    return index.blockAt(p.height) ?? errorBody(`No block hash was found with height ${p.height}.`, 400);
  }
  if (p.timestamp !== null) {
    const best = index.bestBlock();
    for (let h = best === undefined ? -1 : index.height(best); h >= 0; h--) {
      const vid = index.blockAt(h);
      if (vid !== undefined && index.timestamp(vid) <= p.timestamp) return vid;
    }
    return errorBody(`No block hash was found before timestamp ${p.timestamp}.`, 400);
  }
  return index.bestBlock();
}

/** Balances by token uid: executions' net funds plus the initial amounts of the tokens it created. */
function contractBalances(index: VertexIndex, contractId: string): Map<string, { value: bigint; can_mint: boolean; can_melt: boolean }> {
  const out = new Map<string, { value: bigint; can_mint: boolean; can_melt: boolean }>();
  for (const [uid, b] of index.nano.balancesOf(contractId)) out.set(uid, { value: b.value, can_mint: b.canMint, can_melt: b.canMelt });
  for (const uid of index.nano.tokensCreatedBy(contractId)) {
    const info = index.tokens.info(uid);
    if (info === undefined || info.initialAmount === null || !tokenExists(index, uid, info)) continue;
    const entry = out.get(uid) ?? { value: 0n, can_mint: false, can_melt: false };
    entry.value += info.initialAmount;
    out.set(uid, entry);
  }
  return out;
}

function balancesJson(index: VertexIndex, contractId: string, requested: readonly string[]): Record<string, unknown> {
  const all = contractBalances(index, contractId);
  const balances: Record<string, unknown> = {};
  const shown = (b: { value: bigint; can_mint: boolean; can_melt: boolean } | undefined) => ({
    value: String(b?.value ?? 0n),
    can_mint: b?.can_mint ?? false,
    can_melt: b?.can_melt ?? false,
  });
  for (const uid of requested) {
    if (uid === '__all__') {
      for (const [token, b] of all) if (b.value !== 0n || b.can_mint || b.can_melt) balances[token] = shown(b);
      break;
    }
    const hex = hexBytes(uid);
    balances[uid] = hex === null ? { errmsg: 'invalid token id' } : shown(all.get(hex));
  }
  return balances;
}

export function nanoStateRoute(index: VertexIndex): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/nano_contract/state',
    async handle(url): Promise<HttpReply> {
      await index.catchUp();
      const id = url.searchParams.get('id');
      if (id === null) return errorBody('id: Field required (the nano contract id)', 400);
      const params = blockParams(url);
      if ('status' in params) return params;
      const contractId = hexBytes(id);
      if (contractId === null) return errorBody(`Invalid id: ${id}`, 400);
      const block = stateBlock(index, params);
      if (typeof block === 'object') return block;
      const createdAt = createdAtHeight(index, contractId);
      if (block === undefined || createdAt === undefined || createdAt > index.height(block)) {
        return errorBody(`Nano contract does not exist at block ${block === undefined ? 'none' : index.hashOf(block)}.`, 404);
      }
      const fields: Record<string, unknown> = {};
      for (const field of listParam(url, 'fields')) {
        fields[field] = { errmsg: validFieldName(field) ? 'not a blueprint field' : 'invalid format' };
      }
      const calls: Record<string, unknown> = {};
      for (const call of listParam(url, 'calls')) {
        calls[call] = { errmsg: `NCFail('the simulator does not run view methods: ${call}')` };
      }
      return bigJsonReply({
        success: true,
        nc_id: id,
        blueprint_id: index.nano.blueprintOf(contractId) ?? '',
        blueprint_name: SIMULATED_BLUEPRINT_NAME,
        fields,
        balances: balancesJson(index, contractId, listParam(url, 'balances')),
        calls,
      });
    },
  };
}

/** A blueprint is known while some live tx initialized a contract with it. */
export function blueprintInfoRoute(index: VertexIndex): HttpRoute {
  return {
    method: 'GET',
    path: '/v1a/nano_contract/blueprint/info',
    async handle(url): Promise<HttpReply> {
      await index.catchUp();
      const id = url.searchParams.get('blueprint_id');
      if (id === null) return errorBody('blueprint_id: Field required (the blueprint id)', 400);
      const blueprintId = hexBytes(id);
      if (blueprintId === null) return errorBody(`Invalid id: ${id}`, 400);
      const blueprint = index.nano.blueprint(blueprintId);
      const live = blueprint?.contracts.some((c) => {
        const init = index.nano.initializeVid(c);
        return init !== undefined && !index.isRemoved(init);
      });
      if (blueprint === undefined || !live) return errorBody(`Blueprint not found: ${id}`, 404);
      const publicMethods: Record<string, unknown> = {};
      for (const method of [...blueprint.methods].sort()) publicMethods[method] = { args: [], return_type: 'null', docstring: null };
      return bigJsonReply({
        id,
        name: SIMULATED_BLUEPRINT_NAME,
        attributes: {},
        public_methods: publicMethods,
        private_methods: {},
        view_methods: {},
        docstring: null,
      });
    },
  };
}
