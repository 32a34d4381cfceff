import { HTR_UID, isAuthority, TOKEN_MELT_MASK, TOKEN_MINT_MASK, VertexVersion } from '@wallet-service/common';
import type { TokenResolver } from './token-ledger';
import { toBigInt, type NanoCall, type VertexBody } from './vertex-data';

export interface ContractBalance {
  value: bigint;
  canMint: boolean;
  canMelt: boolean;
}

interface NcEventRecord {
  ncId: string;
  data: string;
  firstBlock: string | null;
}

interface AuthorityNet {
  mint: number;
  melt: number;
}

/**
 * What the event stream reveals about nano contracts: which txs call which contract (from their nano
 * headers), which blueprint each contract was initialized with, the methods called on a blueprint's
 * contracts, and the funds the successful executions moved into contracts. Events carry no call arguments,
 * actions or contract storage, so a contract's balance is read off the txs themselves: what a successfully
 * executed call takes in through inputs and does not pay out through outputs. Like the token ledger, an
 * execution adds its share when it starts to count (live, not voided, nc_execution success) and takes it back
 * when it stops.
 */
export class NanoRegistry {
  private readonly calls = new Map<string, number[]>();
  private readonly contractOfCall = new Map<number, string>();
  private readonly initializeOf = new Map<string, number>();
  private readonly blueprintOfContract = new Map<string, string>();
  private readonly blueprints = new Map<string, { contracts: string[]; methods: Set<string> }>();
  private readonly balances = new Map<string, Map<string, bigint>>();
  private readonly authorities = new Map<string, Map<string, AuthorityNet>>();
  private readonly createdTokens = new Map<string, Set<string>>();
  private readonly ncEvents = new Map<number, NcEventRecord[]>();

  /** Called once per vertex with a nano header, when it is first seen. */
  noteCall(vid: number, call: NanoCall): void {
    this.contractOfCall.set(vid, call.contractId);
    let list = this.calls.get(call.contractId);
    if (list === undefined) {
      list = [];
      this.calls.set(call.contractId, list);
    }
    list.push(vid);
    if (call.blueprintId !== null && !this.initializeOf.has(call.contractId)) {
      this.initializeOf.set(call.contractId, vid);
      this.blueprintOfContract.set(call.contractId, call.blueprintId);
      let blueprint = this.blueprints.get(call.blueprintId);
      if (blueprint === undefined) {
        blueprint = { contracts: [], methods: new Set() };
        this.blueprints.set(call.blueprintId, blueprint);
      }
      blueprint.contracts.push(call.contractId);
    }
    const blueprintId = this.blueprintOfContract.get(call.contractId);
    if (blueprintId !== undefined) this.blueprints.get(blueprintId)?.methods.add(call.method);
  }

  /** A TOKEN_CREATED emitted by the execution of `ncTxVid` mints `uid` into that tx's contract. */
  noteTokenCreated(uid: string, ncTxVid: number): void {
    const contract = this.contractOfCall.get(ncTxVid);
    if (contract === undefined) return;
    let set = this.createdTokens.get(contract);
    if (set === undefined) {
      set = new Set();
      this.createdTokens.set(contract, set);
    }
    set.add(uid);
  }

  /** NC_EVENTs are emitted on each execution; a reorg re-executes and emits them again with the new block. */
  noteNcEvent(vid: number, ncId: string, data: string, firstBlock: string | null): void {
    let list = this.ncEvents.get(vid);
    if (list === undefined) {
      list = [];
      this.ncEvents.set(vid, list);
    }
    list.push({ ncId, data, firstBlock });
  }

  /** The events of the execution in `firstBlock`, the tx's current first block. */
  ncEventsOf(vid: number, firstBlock: string | null): Array<{ nc_id: string; data: string }> {
    return (this.ncEvents.get(vid) ?? []).filter((e) => e.firstBlock === firstBlock).map((e) => ({ nc_id: e.ncId, data: e.data }));
  }

  contractOf(vid: number): string | undefined {
    return this.contractOfCall.get(vid);
  }

  /** Vertex ids of every tx seen calling `contractId`, in arrival order. */
  callsOf(contractId: string): readonly number[] {
    return this.calls.get(contractId) ?? [];
  }

  initializeVid(contractId: string): number | undefined {
    return this.initializeOf.get(contractId);
  }

  blueprintOf(contractId: string): string | undefined {
    return this.blueprintOfContract.get(contractId);
  }

  blueprint(blueprintId: string): { contracts: readonly string[]; methods: ReadonlySet<string> } | undefined {
    return this.blueprints.get(blueprintId);
  }

  tokensCreatedBy(contractId: string): ReadonlySet<string> {
    return this.createdTokens.get(contractId) ?? new Set();
  }

  /** Balances moved in by executions, by token; nano-created tokens are added by the caller (see nano.ts). */
  balancesOf(contractId: string): Map<string, ContractBalance> {
    const out = new Map<string, ContractBalance>();
    const amounts = this.balances.get(contractId) ?? new Map<string, bigint>();
    const authorities = this.authorities.get(contractId) ?? new Map<string, AuthorityNet>();
    for (const uid of new Set([...amounts.keys(), ...authorities.keys()])) {
      const auth = authorities.get(uid);
      out.set(uid, { value: amounts.get(uid) ?? 0n, canMint: (auth?.mint ?? 0) > 0, canMelt: (auth?.melt ?? 0) > 0 });
    }
    return out;
  }

  /**
   * Adds (sign 1) or takes back (sign -1) one execution's effect on its contract. A token creation with a nano
   * header mints its own token and pays its HTR deposit in the same tx, so neither counts as moved in.
   */
  applyExecution(vid: number, body: VertexBody, tokens: TokenResolver, sign: 1 | -1): void {
    const contract = this.contractOfCall.get(vid);
    if (contract === undefined) return;
    const creation = body.version === VertexVersion.TOKEN_CREATION_TRANSACTION;
    const counts = (uid: string) => !(creation && (uid === body.hash || uid === HTR_UID));
    for (const input of body.inputs) {
      const uid = tokens.input(input);
      if (uid === null || !counts(uid)) continue;
      const spent = input.spent_output;
      if (isAuthority(spent.token_data)) this.countAuthority(contract, uid, Number(spent.value), sign);
      else this.add(contract, uid, toBigInt(spent.value) * BigInt(sign));
    }
    for (const output of body.outputs) {
      const uid = tokens.output(output.token_data);
      if (uid === null || !counts(uid)) continue;
      if (isAuthority(output.token_data)) this.countAuthority(contract, uid, Number(output.value), -sign);
      else this.add(contract, uid, -toBigInt(output.value) * BigInt(sign));
    }
  }

  private add(contract: string, uid: string, delta: bigint): void {
    let amounts = this.balances.get(contract);
    if (amounts === undefined) {
      amounts = new Map();
      this.balances.set(contract, amounts);
    }
    amounts.set(uid, (amounts.get(uid) ?? 0n) + delta);
  }

  private countAuthority(contract: string, uid: string, mask: number, delta: number): void {
    let byToken = this.authorities.get(contract);
    if (byToken === undefined) {
      byToken = new Map();
      this.authorities.set(contract, byToken);
    }
    const net = byToken.get(uid) ?? { mint: 0, melt: 0 };
    if (mask & TOKEN_MINT_MASK) net.mint += delta;
    if (mask & TOKEN_MELT_MASK) net.melt += delta;
    byToken.set(uid, net);
  }
}
