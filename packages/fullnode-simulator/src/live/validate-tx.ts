import type { TxSpec } from '../generator/consensus/tx';
import { type Dag, isVoided, type Output, type Vertex } from '../generator/model';
import { depositFor, withdrawFor } from '../generator/ops';
import { addressScript, encodeAddress, EMPTY_SCRIPT, parseStandardScript, type ScriptInfo } from '../generator/scripts';
import type { ParsedTx } from './parse-tx';
import { checkP2pkhSpend } from './signature';

/**
 * What hathor-core checks before it accepts a pushed transaction, with its messages (TxValidationError and
 * InvalidNewTransaction texts, push_tx.py). `canForce` is what push_tx reports: false for a double spend
 * and malformed input, true for the other validation errors.
 */
export type Verdict = { ok: true; spec: TxSpec } | { ok: false; message: string; canForce: boolean };

export const NO_INPUTS = 'This transaction is invalid. A transaction must have at least one input';
export const DOUBLE_SPEND = 'Invalid transaction. At least one of your inputs has already been spent.';
export const SPENDS_VOIDED = 'Invalid transaction. At least one input is voided.';

/** How far ahead of the node's clock a tx timestamp may be (settings.MAX_FUTURE_TIMESTAMP_ALLOWED). */
const MAX_FUTURE_SECONDS = 300;
const HTR = '00';

const reject = (message: string, canForce = true): Verdict => ({ ok: false, message, canForce });

/** The node formats timelocks with Python's "%m/%d/%Y %I:%M:%S %p" (UTC here). */
export function formatTimelock(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const hours = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(hours)}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

/** The script as the event stream shows it: standard scripts decoded, anything else `{}`. */
export function scriptInfo(script: Buffer, network: string): ScriptInfo {
  const base64 = script.toString('base64');
  const std = parseStandardScript(base64);
  if (std === null) return { ...EMPTY_SCRIPT, base64 };
  const rebuilt = addressScript(encodeAddress(std.hash160, std.kind, network), std.timelock);
  return rebuilt.base64 === base64 ? rebuilt : { ...EMPTY_SCRIPT, base64 };
}

interface TokenTally {
  delta: bigint;
  canMint: boolean;
  canMelt: boolean;
}

function checkGraph(dag: Dag, tx: ParsedTx, now: number): string | null {
  if (tx.version !== 1 && tx.version !== 2) return `invalid version ${tx.version} for a transaction`;
  if (tx.headerCount > 0) return 'headers (nano contracts, fees) are not supported by this node';
  if (tx.parents.length !== 2) return `wrong number of parents (tx type): ${tx.parents.length}, expecting 2`;
  // DuplicatedParents is raised with two arguments, so Python prints the tuple
  if (tx.parents[0] === tx.parents[1]) return `('Tx has duplicated parents: {}', ['${tx.parents[0]}', '${tx.parents[1]}'])`;
  if (tx.timestamp > now + MAX_FUTURE_SECONDS) return `Ignoring transaction in the future ${tx.hash} (timestamp=${tx.timestamp})`;
  for (const p of tx.parents) {
    const parent = dag.vertices.get(p);
    if (!parent || parent.removed) return `tx=${tx.hash} parent=${p}`;
    if (parent.isBlock) return 'wrong number of parents (block type): 1, expecting 0';
    if (parent.timestamp >= tx.timestamp) {
      return `tx=${tx.hash} timestamp=${tx.timestamp}, parent=${p} timestamp=${parent.timestamp}`;
    }
  }
  return null;
}

/** Resolves a token_data against the tx's own tokens list (a creation's index 1 is the new token). */
function tokenOf(tx: ParsedTx, tokenData: number): string | null {
  const index = tokenData & 0x7f;
  if (index === 0) return HTR;
  if (tx.version === 2) return index === 1 ? tx.hash : null;
  return tx.tokens[index - 1] ?? null;
}

function tokenVersionOf(dag: Dag, uid: string): number {
  return dag.vertices.get(uid)?.tokenVersion ?? 1;
}

/** Checks a parsed tx against the DAG; on success returns the spec consensus accepts. */
export function validateTx(dag: Dag, tx: ParsedTx, network: string, now: number): Verdict {
  if (tx.inputs.length === 0) return reject(NO_INPUTS, false);
  if (dag.vertices.has(tx.hash)) return reject(`Transaction already exists ${tx.hash}`, false);
  const graph = checkGraph(dag, tx, now);
  if (graph !== null) return reject(graph);

  const spent: Array<{ owner: Vertex; output: Output }> = [];
  const seen = new Set<string>();
  for (const input of tx.inputs) {
    const owner = dag.vertices.get(input.txId);
    if (!owner || owner.removed) return reject(`Input tx does not exist: ${input.txId}`);
    const output = owner.outputs[input.index];
    if (!output) return reject(`Output spent by this input does not exist: ${input.txId} index ${input.index}`);
    const key = `${input.txId}:${input.index}`;
    if (seen.has(key)) return reject(`tx ${tx.hash} inputs spend the same output: ${input.txId} index ${input.index}`);
    seen.add(key);
    spent.push({ owner, output });
  }
  for (const [i, input] of tx.inputs.entries()) {
    const spenders = spent[i].owner.spentBy[input.index] ?? [];
    if (spenders.some((h) => !dag.get(h).removed && !isVoided(dag.get(h)))) return reject(DOUBLE_SPEND, false);
  }
  for (const { owner } of spent) {
    if (isVoided(owner) || (owner.isBlock && !dag.onBestPath(owner))) return reject(SPENDS_VOIDED, false);
  }

  for (const [i, input] of tx.inputs.entries()) {
    const { owner, output } = spent[i];
    if (owner.timestamp >= tx.timestamp) {
      return reject(`tx=${tx.hash} timestamp=${tx.timestamp}, spent_tx=${owner.hash} timestamp=${owner.timestamp}`);
    }
    if (owner.isBlock && !dag.rewardUnlocked(owner)) {
      const needed = owner.height + dag.rewardSpendMinBlocks - dag.bestHeight;
      return reject(`Reward ${owner.hash} still needs ${needed} to be unlocked.`);
    }
    const std = parseStandardScript(output.script.base64);
    if (std === null || std.kind !== 'P2PKH') return reject(`input ${input.txId}:${input.index} spends a script this node does not verify (only P2PKH)`);
    if (std.timelock !== null && tx.timestamp <= std.timelock) return reject(`The output is locked until ${formatTimelock(std.timelock)}`);
    const failed = checkP2pkhSpend(input.data, std.hash160, tx.sighash);
    if (failed !== null) return reject(failed);
  }
  return checkValues(dag, tx, network, spent);
}

function checkValues(dag: Dag, tx: ParsedTx, network: string, spent: Array<{ output: Output }>): Verdict {
  const tally = new Map<string, TokenTally>();
  const entry = (uid: string): TokenTally => {
    let t = tally.get(uid);
    if (!t) {
      t = { delta: 0n, canMint: false, canMelt: false };
      tally.set(uid, t);
    }
    return t;
  };
  if (tx.version === 2) Object.assign(entry(tx.hash), { canMint: true, canMelt: true });
  for (const { output } of spent) {
    const t = entry(output.token);
    if ((output.tokenData & 0x80) !== 0) {
      t.canMint ||= (output.value & 1n) !== 0n;
      t.canMelt ||= (output.value & 2n) !== 0n;
    } else {
      t.delta -= output.value;
    }
  }
  const outputs: Output[] = [];
  for (const o of tx.outputs) {
    const token = tokenOf(tx, o.tokenData);
    if (token === null) return reject(`token uid index not available: index ${o.tokenData & 0x7f}`);
    if (o.value <= 0n) return reject(`Output value must be a positive integer. Value: ${o.value}`);
    const t = entry(token);
    if ((o.tokenData & 0x80) !== 0) {
      if (token === HTR) return reject('Cannot have authority UTXO for HTR token');
      if ((o.value & 1n) !== 0n && !t.canMint) return reject(`output has mint authority, but no input has it: ${token}`);
      if ((o.value & 2n) !== 0n && !t.canMelt) return reject(`output has melt authority, but no input has it: ${token}`);
      if ((o.value & ~3n) !== 0n) return reject(`output has invalid authorities: ${o.value}`);
    } else {
      t.delta += o.value;
    }
    outputs.push({ value: o.value, tokenData: o.tokenData, token, script: scriptInfo(o.script, network) });
  }
  let deposit = 0n;
  let withdraw = 0n;
  for (const [uid, t] of tally) {
    if (uid === HTR || t.delta === 0n) continue;
    const deposits = tokenVersionOf(dag, uid) !== 2;
    if (t.delta > 0n) {
      if (!t.canMint) return reject(`${t.delta} ${uid} tokens minted, but there is no mint authority input`);
      if (deposits) deposit += depositFor(t.delta);
    } else {
      if (!t.canMelt) return reject(`${-t.delta} ${uid} tokens melted, but there is no melt authority input`);
      if (deposits) withdraw += withdrawFor(-t.delta);
    }
  }
  const htr = tally.get(HTR)?.delta ?? 0n;
  const expected = withdraw - deposit;
  if (htr !== expected) return reject(`HTR balance is different than expected. (amount=${htr}, expected=${expected})`);
  return {
    ok: true,
    spec: {
      hash: tx.hash,
      version: tx.version,
      nonce: tx.nonce,
      timestamp: tx.timestamp,
      weight: tx.weight,
      inputs: tx.inputs.map((i) => ({ txId: i.txId, index: i.index })),
      outputs,
      parents: tx.parents,
      // the node lists a creation's own uid as its token (tokens[0] = hash)
      tokens: tx.version === 2 ? [tx.hash] : tx.tokens,
      tokenName: tx.tokenName,
      tokenSymbol: tx.tokenSymbol,
      tokenVersion: tx.version === 2 ? tx.tokenVersion : undefined,
    },
  };
}
