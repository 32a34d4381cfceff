import { selectRows, type Queryable } from '@wallet-service/common';

/**
 * Gap-limit discovery over the address table (api-spec §5, step 1): derive in batches until `maxGap`
 * addresses past the last used one have been checked. Addresses the chain has already seen keep their
 * rows (balances and history); the rest are new. Derivation is the costly part, so derived addresses
 * are kept in `derived` and a second scan (under the sync lock) only looks them up again.
 */
export interface SeenAddress {
  address: string;
  wallet_id: string | null;
  transactions: number;
}

export interface GapScan {
  /** Addresses 0..lastUsed+maxGap, by index. */
  addresses: string[];
  lastUsed: number;
  seen: Map<string, SeenAddress>;
}

const LOOKUP_CHUNK = 1000;

async function lookup(db: Queryable, addresses: string[]): Promise<SeenAddress[]> {
  const out: SeenAddress[] = [];
  for (let i = 0; i < addresses.length; i += LOOKUP_CHUNK) {
    out.push(
      ...(await selectRows<SeenAddress>(db, 'SELECT address, wallet_id, transactions FROM address WHERE address IN (?)', [
        addresses.slice(i, i + LOOKUP_CHUNK),
      ])),
    );
  }
  return out;
}

export async function scanGap(db: Queryable, derived: string[], derive: (index: number) => string, maxGap: number): Promise<GapScan> {
  const seen = new Map<string, SeenAddress>();
  let lastUsed = -1;
  let checked = -1;
  while (checked < lastUsed + maxGap) {
    const from = checked + 1;
    const to = lastUsed + maxGap;
    for (let i = derived.length; i <= to; i++) derived.push(derive(i));
    const batch = derived.slice(from, to + 1);
    const indexOf = new Map(batch.map((a, n) => [a, from + n]));
    for (const row of await lookup(db, batch)) {
      seen.set(row.address, row);
      if (row.transactions > 0) lastUsed = Math.max(lastUsed, indexOf.get(row.address) ?? -1);
    }
    checked = to;
  }
  return { addresses: derived.slice(0, lastUsed + maxGap + 1), lastUsed, seen };
}
