/**
 * What the planner may ask of the current state, and how it says it needs rows that are not loaded yet.
 * Planning is synchronous and free of I/O: a read of something not in memory throws `Missing` with the
 * load requests; the batch runner loads them and plans the same event again from scratch.
 */
export type LoadRequest =
  | { kind: 'tx'; txId: string }
  | { kind: 'outputs'; txId: string }
  | { kind: 'address'; address: string }
  | { kind: 'addressHistory'; address: string }
  | { kind: 'wallet'; walletId: string }
  | { kind: 'walletHistory'; walletId: string; token: string; txId: string }
  | { kind: 'token'; tokenId: string }
  | { kind: 'tokenCreations'; txId: string }
  | { kind: 'miner'; address: string };

export class Missing extends Error {
  constructor(readonly requests: LoadRequest[]) {
    super(`state not loaded: ${requests.map((r) => r.kind).join(', ')}`);
    this.name = 'Missing';
  }
}

/** Reads every key first and throws one Missing with all absent keys, so one round trip loads them all. */
export function readAll<T>(reads: (() => T)[]): T[] {
  const requests: LoadRequest[] = [];
  const out: T[] = [];
  for (const read of reads) {
    try {
      out.push(read());
    } catch (err) {
      if (!(err instanceof Missing)) throw err;
      requests.push(...err.requests);
    }
  }
  if (requests.length > 0) throw new Missing(requests);
  return out;
}
