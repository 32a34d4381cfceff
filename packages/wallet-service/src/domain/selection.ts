/**
 * Server-side UTXO selection over a value-descending list, as the client's own selectUtxos does it:
 * `totalAmount` takes the smallest single output that covers it, else the largest ones until it is
 * covered, else nothing (insufficient funds is an empty list, not an error); `maxAmount` keeps each
 * output that still fits under it.
 */
export function selectForTotal<T extends { value: bigint }>(byValueDesc: readonly T[], total: bigint): T[] {
  let covering: T | undefined;
  for (const o of byValueDesc) {
    if (o.value >= total) covering = o;
    else break;
  }
  if (covering) return [covering];
  const picked: T[] = [];
  let sum = 0n;
  for (const o of byValueDesc) {
    picked.push(o);
    sum += o.value;
    if (sum >= total) return picked;
  }
  return [];
}

export function selectUpTo<T extends { value: bigint }>(byValueDesc: readonly T[], max: bigint): T[] {
  const picked: T[] = [];
  let sum = 0n;
  for (const o of byValueDesc) {
    if (sum + o.value > max) continue;
    picked.push(o);
    sum += o.value;
  }
  return picked;
}
