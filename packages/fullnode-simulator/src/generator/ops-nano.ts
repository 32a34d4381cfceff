import type { NanoPlan, Vertex } from './model';
import { transfer } from './ops';
import type { Address } from './scripts';
import type { Sim } from './sim';

export interface NanoCallOptions {
  caller: Address;
  /** blueprint id for `initialize`, else the contract id (hash of its initialize tx) */
  ncId: string;
  method: string;
  succeeds?: boolean;
  /** number of NC_EVENTs the execution emits */
  events?: number;
  tokens?: NanoPlan['tokens'];
  /** 4 (nano tx) or 1 (regular tx with a nano header) */
  version?: number;
  /** HTR the call deposits into the contract */
  deposit?: bigint;
  /** the caller pays (and gets the change) or a third party does, so the caller is touched only as nc_address */
  payer?: 'caller' | 'other';
}

/** The nano header and execution plan of a call; the caller's seqnum increases per call. */
export function nanoPlan(sim: Sim, o: Pick<NanoCallOptions, 'caller' | 'ncId' | 'method' | 'succeeds' | 'events' | 'tokens'>): NanoPlan {
  const seqnum = (sim.nanoSeqnums.get(o.caller.base58) ?? 0) + 1;
  sim.nanoSeqnums.set(o.caller.base58, seqnum);
  const events: string[] = [];
  for (let i = 0; i < (o.events ?? 1); i++) events.push(sim.rng.hex(sim.rng.range(4, 40)));
  return {
    header: { seqnum, ncId: o.ncId, method: o.method, address: o.caller.base58 },
    succeeds: o.succeeds ?? true,
    events,
    tokens: o.tokens ?? [],
  };
}

/** A nano-contract call funded from the pool; null when it cannot be funded. */
export function nanoCall(sim: Sim, o: NanoCallOptions): Vertex | null {
  const nano = nanoPlan(sim, o);
  const changeTo = o.payer === 'other' ? sim.address() : o.caller;
  return transfer(sim, { to: [], htrExtra: o.deposit ?? 1n, version: o.version ?? 1, nano, changeTo });
}
