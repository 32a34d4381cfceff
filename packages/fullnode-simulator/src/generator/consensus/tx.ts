import { type Dag, insertSorted, isVoided, type NanoPlan, type Output, type OutputRef, type Vertex } from '../model';
import { addVoided } from './effects';
import { Step } from './step';

export interface TxSpec {
  hash?: string;
  version: number;
  nonce: number;
  timestamp: number;
  weight: number;
  inputs: OutputRef[];
  outputs: Output[];
  parents: string[];
  tokens: string[];
  tokenName?: string | null;
  tokenSymbol?: string | null;
  tokenVersion?: number;
  nano?: NanoPlan | null;
}

function twinKey(v: Vertex): string {
  const inputs = v.inputs.map((r) => `${r.txId}:${r.index}`).sort();
  const outputs = v.outputs.map((o) => `${o.value}/${o.tokenData}/${o.script.base64}`);
  return `${inputs.join(',')}|${outputs.join(',')}|${v.tokens.join(',')}`;
}

function checkSpec(dag: Dag, spec: TxSpec): void {
  if (spec.parents.length !== 2) throw new Error(`generator: a transaction needs 2 parents, got ${spec.parents.length}`);
  for (const p of spec.parents) {
    const parent = dag.get(p);
    if (parent.isBlock || parent.removed) throw new Error(`generator: tx parent ${p} must be a present transaction`);
    if (parent.timestamp >= spec.timestamp) throw new Error(`generator: tx parent ${p} is not older than the tx`);
  }
  const seen = new Set<string>();
  for (const ref of spec.inputs) {
    const owner = dag.get(ref.txId);
    if (owner.removed) throw new Error(`generator: input ${ref.txId}:${ref.index} belongs to a removed vertex`);
    if (ref.index >= owner.outputs.length) throw new Error(`generator: input ${ref.txId}:${ref.index} has no such output`);
    if (owner.timestamp >= spec.timestamp) throw new Error(`generator: input ${ref.txId}:${ref.index} is not older than the tx`);
    const key = `${ref.txId}:${ref.index}`;
    if (seen.has(key)) throw new Error(`generator: input ${key} is spent twice by the same tx`);
    seen.add(key);
  }
}

/**
 * Accepts a new transaction. A tx spending an output that a valid tx already spends wins only when it is
 * heavier and every valid rival is still unconfirmed (the rivals are then voided with their descendants);
 * otherwise it arrives voided by itself. Rivals list each other in conflict_with, and in twins when they
 * spend and create exactly the same.
 */
export function acceptTx(dag: Dag, spec: TxSpec): Step {
  checkSpec(dag, spec);
  const v = dag.newVertex({
    hash: spec.hash ?? dag.nextHash(),
    isBlock: false,
    version: spec.version,
    nonce: spec.nonce,
    timestamp: spec.timestamp,
    weight: spec.weight,
    inputs: spec.inputs,
    outputs: spec.outputs,
    parents: spec.parents,
    tokens: spec.tokens,
    tokenName: spec.tokenName,
    tokenSymbol: spec.tokenSymbol,
    tokenVersion: spec.tokenVersion,
    nano: spec.nano,
  });
  const step = new Step(v);
  const rivals: Vertex[] = [];
  for (const ref of spec.inputs) {
    for (const hash of dag.get(ref.txId).spentBy[ref.index] ?? []) {
      const rival = dag.get(hash);
      if (!rival.removed && !rivals.includes(rival)) rivals.push(rival);
    }
  }
  rivals.forEach((r) => step.touch(r));
  const owners = spec.inputs.map((ref) => dag.get(ref.txId));
  owners.forEach((o) => step.touch(o));

  dag.add(v);
  for (const p of spec.parents) dag.get(p).children.push(v.hash);
  for (const ref of spec.inputs) {
    const owner = dag.get(ref.txId);
    (owner.spentBy[ref.index] ??= []).push(v.hash);
    // spending a voided vertex's output makes the spender voided by the same cause
    for (const cause of owner.voidedBy) if (!owner.isBlock) insertSorted(v.voidedBy, cause);
  }

  const live = rivals.filter((r) => !isVoided(r));
  if (live.length > 0) {
    const wins = live.every((r) => r.firstBlock === null && v.weight > r.weight);
    if (wins) for (const r of live) addVoided(dag, step, r, r.hash);
    else insertSorted(v.voidedBy, v.hash);
  }
  if (rivals.length > 0) {
    const key = twinKey(v);
    for (const r of rivals) {
      insertSorted(v.conflictWith, r.hash);
      insertSorted(r.conflictWith, v.hash);
      if (twinKey(r) === key) {
        insertSorted(v.twins, r.hash);
        insertSorted(r.twins, v.hash);
      }
    }
  }
  dag.syncMempool(v);
  return step;
}
