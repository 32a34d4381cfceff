import { createHash } from 'node:crypto';
import { type Dag, insertSorted, isVoided, NC_FAIL_MARKER, removeItem, type Vertex } from '../model';
import { ncEventData, tokenCreatedData } from '../serialize';
import type { Step } from './step';

/** Non-removed txs spending any output of `v` (its descendants in the funds DAG, one level). */
function spenders(dag: Dag, v: Vertex): Vertex[] {
  const out: Vertex[] = [];
  for (const list of v.spentBy) {
    if (!list) continue;
    for (const hash of list) {
      const s = dag.get(hash);
      if (!s.removed) out.push(s);
    }
  }
  return out;
}

/** Adds `hash` to the voided_by of `v` and of everything that spends its outputs, transitively. */
export function addVoided(dag: Dag, step: Step, v: Vertex, hash: string): void {
  const queue = [v];
  while (queue.length > 0) {
    const x = queue.pop() as Vertex;
    step.touch(x);
    if (!insertSorted(x.voidedBy, hash)) continue;
    dag.syncMempool(x);
    queue.push(...spenders(dag, x));
  }
}

/** Inverse of addVoided. */
export function removeVoided(dag: Dag, step: Step, v: Vertex, hash: string): void {
  const queue = [v];
  while (queue.length > 0) {
    const x = queue.pop() as Vertex;
    step.touch(x);
    if (!removeItem(x.voidedBy, hash)) continue;
    dag.syncMempool(x);
    queue.push(...spenders(dag, x));
  }
}

/** Blocks off the best chain are voided by themselves only. */
export function setBlockVoided(step: Step, block: Vertex, voided: boolean): void {
  if ((block.voidedBy.length > 0) === voided) return;
  step.touch(block);
  block.voidedBy = voided ? [block.hash] : [];
}

/** Uid of a token created by a nano execution; it depends on the executing block, as re-execution may differ. */
export function nanoTokenUid(tx: string, block: string, index: number): string {
  return createHash('sha256').update(`nano-token:${tx}:${block}:${index}`).digest('hex');
}

/** Runs a nano tx's plan in `block`: success emits its NC_EVENTs and TOKEN_CREATEDs; failure voids it. */
export function execute(dag: Dag, step: Step, tx: Vertex, block: Vertex): void {
  const plan = tx.nano;
  if (!plan) return;
  step.touch(tx);
  if (plan.succeeds) {
    tx.ncExecution = 'success';
    tx.nanoSettled = true;
    tx.nanoTokens = plan.tokens.map((_, i) => nanoTokenUid(tx.hash, block.hash, i));
    for (const data of plan.events) {
      step.emissions.push({ type: 'NC_EVENT', data: ncEventData(tx.hash, plan.header.ncId, block.hash, data) });
    }
    plan.tokens.forEach((t, i) => {
      const info = { tx: tx.hash, block: block.hash };
      step.emissions.push({ type: 'TOKEN_CREATED', data: tokenCreatedData(tx.nanoTokens[i], info, t.name, t.symbol, 1, t.amount) });
    });
  } else {
    tx.ncExecution = 'failure';
    addVoided(dag, step, tx, tx.hash);
    insertSorted(tx.voidedBy, NC_FAIL_MARKER);
  }
}

/** Undoes an execution when the executing block leaves the best chain: back to pending, failure un-voided. */
export function unexecute(dag: Dag, step: Step, tx: Vertex): void {
  if (!tx.nano) return;
  step.touch(tx);
  if (tx.ncExecution === 'failure') {
    removeItem(tx.voidedBy, NC_FAIL_MARKER);
    removeVoided(dag, step, tx, tx.hash);
  }
  tx.ncExecution = 'pending';
  tx.nanoTokens = [];
}

/** A mempool tx is invalid after a reorg when it spends a voided block's output or a reward locked again. */
function spendsUnusableReward(dag: Dag, tx: Vertex): boolean {
  return tx.inputs.some((ref) => {
    const owner = dag.get(ref.txId);
    return owner.isBlock && (isVoided(owner) || !dag.rewardUnlocked(owner));
  });
}

/**
 * Removes the mempool txs a reorg made invalid, with every unconfirmed vertex depending on them (through
 * inputs or parents), dependents first: the node sends VERTEX_REMOVED for each.
 */
export function removeInvalidMempool(dag: Dag, step: Step): void {
  const doomed = new Set<string>();
  const queue: Vertex[] = [];
  for (const hash of dag.mempool) {
    const tx = dag.get(hash);
    if (spendsUnusableReward(dag, tx)) queue.push(tx);
  }
  while (queue.length > 0) {
    const x = queue.pop() as Vertex;
    if (doomed.has(x.hash)) continue;
    doomed.add(x.hash);
    for (const s of spenders(dag, x)) if (s.firstBlock === null) queue.push(s);
    for (const c of x.children) {
      const child = dag.get(c);
      if (!child.isBlock && !child.removed && child.firstBlock === null) queue.push(child);
    }
  }
  const ordered = [...doomed].map((h) => dag.get(h)).sort((a, b) => b.seq - a.seq);
  for (const r of ordered) removeVertex(dag, step, r);
}

function removeVertex(dag: Dag, step: Step, r: Vertex): void {
  for (const ref of r.inputs) {
    const owner = dag.get(ref.txId);
    if (owner.removed) continue;
    step.touch(owner);
    const list = owner.spentBy[ref.index];
    if (list) removeItem(list, r.hash);
  }
  for (const c of [...r.conflictWith]) {
    const other = dag.get(c);
    step.touch(other);
    removeItem(other.conflictWith, r.hash);
    removeItem(other.twins, r.hash);
  }
  for (const p of r.parents) removeItem(dag.get(p).children, r.hash);
  r.removed = true;
  dag.syncMempool(r);
  step.removals.push(r);
}
