import { HTR_NAME, HTR_SYMBOL, HTR_UID, isAuthority, TOKEN_VERSION_DEPOSIT, TOKEN_VERSION_NATIVE } from '@wallet-service/common';
import { toBigInt, type EventInput, type TokenCreatedData, type VertexBody } from './vertex-data';

/** Token uid of an output or input of one vertex; null when its token_data points outside the lists. */
export interface TokenResolver {
  output(tokenData: number): string | null;
  input(input: EventInput): string | null;
}

export interface TokenInfo {
  name: string;
  symbol: string;
  version: number;
  /** Set for tokens a nano contract created (TOKEN_CREATED with nc_exec_info). */
  initialAmount: bigint | null;
  ncTx: string | null;
  ncBlock: string | null;
}

const HTR_INFO: TokenInfo = { name: HTR_NAME, symbol: HTR_SYMBOL, version: TOKEN_VERSION_NATIVE, initialAmount: null, ncTx: null, ncBlock: null };

/** An authority output: how many applied vertices create it minus how many spend it, and what it allows. */
interface AuthorityCount {
  count: number;
  mask: number;
}

export interface Outpoint {
  tx_id: string;
  index: number;
}

/**
 * What the node's tokens index answers (total, transactions, mint/melt authorities), kept as sums over the
 * vertices that currently count: live and not voided. A vertex adds its contribution when it starts to count
 * and takes the same contribution back when it stops, so the sums after any order of voids, unvoids and
 * removals are those of the vertices that count now. Authority outputs are counted (created minus spent), so
 * a spender seen before its creator, as can happen inside a reorg, settles to the same set.
 */
export class TokenLedger {
  private readonly infos = new Map<string, TokenInfo>();
  private readonly totals = new Map<string, bigint>();
  private readonly txCounts = new Map<string, number>();
  private readonly authorities = new Map<string, Map<string, AuthorityCount>>();

  /** The latest TOKEN_CREATED for a uid wins: a re-executed nano call announces its tokens again. */
  noteTokenCreated(data: TokenCreatedData): void {
    const exec = data.nc_exec_info ?? null;
    this.infos.set(data.token_uid, {
      name: data.token_name,
      symbol: data.token_symbol,
      version: data.token_version,
      initialAmount: exec !== null && data.initial_amount != null ? toBigInt(data.initial_amount) : null,
      ncTx: exec?.nc_tx ?? null,
      ncBlock: exec?.nc_block ?? null,
    });
  }

  /** Recordings older than TOKEN_CREATED name their tokens only in the creation tx. */
  noteCreationTx(body: VertexBody): void {
    if (this.infos.has(body.hash) || typeof body.token_name !== 'string' || typeof body.token_symbol !== 'string') return;
    this.infos.set(body.hash, {
      name: body.token_name,
      symbol: body.token_symbol,
      version: TOKEN_VERSION_DEPOSIT,
      initialAmount: null,
      ncTx: null,
      ncBlock: null,
    });
  }

  info(uid: string): TokenInfo | undefined {
    return uid === HTR_UID ? HTR_INFO : this.infos.get(uid);
  }

  /** Every known token except HTR, in the order they were first announced. */
  *all(): IterableIterator<[string, TokenInfo]> {
    yield* this.infos.entries();
  }

  /** Adds (sign 1) or takes back (sign -1) what one vertex moves. */
  apply(body: VertexBody, tokens: TokenResolver, sign: 1 | -1): void {
    const touched = new Set<string>();
    body.outputs.forEach((output, index) => {
      const uid = tokens.output(output.token_data);
      if (uid === null) return;
      touched.add(uid);
      if (isAuthority(output.token_data)) this.countAuthority(uid, `${body.hash}:${index}`, Number(output.value) & 0xff, sign);
      else this.add(uid, toBigInt(output.value) * BigInt(sign));
    });
    for (const input of body.inputs) {
      const uid = tokens.input(input);
      if (uid === null) continue;
      touched.add(uid);
      const spent = input.spent_output;
      if (isAuthority(spent.token_data)) this.countAuthority(uid, `${input.tx_id}:${input.index}`, Number(spent.value) & 0xff, -sign);
      else this.add(uid, -toBigInt(spent.value) * BigInt(sign));
    }
    for (const uid of touched) this.txCounts.set(uid, (this.txCounts.get(uid) ?? 0) + sign);
  }

  /** Outputs minus inputs of the vertices that count: the unspent amount when the DAG is consistent. */
  total(uid: string): bigint {
    return this.totals.get(uid) ?? 0n;
  }

  transactionsCount(uid: string): number {
    return this.txCounts.get(uid) ?? 0;
  }

  /** Unspent authority outputs of `uid` whose mask has `bit`, at most `limit`. */
  authorityUtxos(uid: string, bit: number, limit: number): Outpoint[] {
    const found: Outpoint[] = [];
    for (const [key, entry] of this.authorities.get(uid) ?? []) {
      if (found.length >= limit) break;
      if (entry.count <= 0 || (entry.mask & bit) === 0) continue;
      const colon = key.lastIndexOf(':');
      found.push({ tx_id: key.slice(0, colon), index: Number(key.slice(colon + 1)) });
    }
    return found;
  }

  private add(uid: string, delta: bigint): void {
    this.totals.set(uid, (this.totals.get(uid) ?? 0n) + delta);
  }

  private countAuthority(uid: string, key: string, mask: number, delta: number): void {
    let outputs = this.authorities.get(uid);
    if (outputs === undefined) {
      outputs = new Map();
      this.authorities.set(uid, outputs);
    }
    const entry = outputs.get(key);
    if (entry === undefined) {
      outputs.set(key, { count: delta, mask });
    } else if (entry.count + delta === 0) {
      outputs.delete(key);
    } else {
      entry.count += delta;
    }
  }
}
