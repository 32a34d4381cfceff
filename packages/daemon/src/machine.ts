import type { SyncState } from './ops/contract';

/**
 * The daemon's state machine, all of it on one page. Each state has one action (implemented in loop.ts)
 * that runs while the machine is in it and ends with a trigger; the table below is the only place that
 * says where a trigger leads. A trigger a state does not list is a bug and stops the daemon loudly.
 *
 *   initializing ─ready─▶ connecting ─opened─▶ streaming ─disconnected|resume─▶ reconnecting
 *                             ▲    └──────connectFailed─────────────────────────────────▶│
 *                             └───────────────────────────retry──────────────────────────┘
 *   any running state ─stop─▶ stopping ─stopped─▶ stopped
 *   any running state ─(its action throws: guard mismatch, fatal apply error…)─▶ error
 *
 * Outages do not change state: an unreachable database is retried inside `initializing` or inside the
 * batch being applied (nothing was committed, so retrying is safe).
 *
 * `streaming` has sub-states, derived from what the session holds rather than stored, so they cannot
 * drift from reality:
 *   idle       nothing received that is not committed
 *   receiving  events buffered, waiting for a full batch, an exhausted window or the linger timer
 *   applying   a batch, or a timelock settle, is in the store's transaction (events may keep arriving
 *              into the buffer)
 * idle ─event─▶ receiving ─flush─▶ applying ─committed─▶ receiving (more buffered) | idle
 * idle ─settle timer─▶ applying ─committed─▶ receiving (events arrived meanwhile) | idle
 * A disconnect in `applying` never abandons the batch: the streaming action waits for it to settle
 * before the machine moves on, and the next START_STREAM uses the cursor it committed.
 */

export type Trigger = 'ready' | 'opened' | 'connectFailed' | 'disconnected' | 'resume' | 'retry' | 'stop' | 'stopped';

export type StreamingSubState = 'idle' | 'receiving' | 'applying';

export const TRANSITIONS: Record<SyncState, Partial<Record<Trigger, SyncState>>> = {
  initializing: { ready: 'connecting', stop: 'stopping' },
  connecting: { opened: 'streaming', connectFailed: 'reconnecting', stop: 'stopping' },
  streaming: { disconnected: 'reconnecting', resume: 'reconnecting', stop: 'stopping' },
  reconnecting: { retry: 'connecting', stop: 'stopping' },
  stopping: { stopped: 'stopped' },
  stopped: {},
  error: {},
};

export const FINAL_STATES: readonly SyncState[] = ['stopped', 'error'];

export function streamingSubState(batchInFlight: boolean, buffered: number): StreamingSubState {
  if (batchInFlight) return 'applying';
  return buffered > 0 ? 'receiving' : 'idle';
}

/** What the machine runs in each non-final state; each action resolves with the trigger it ended on. */
export type StateActions = Record<Exclude<SyncState, 'stopped' | 'error'>, () => Promise<Trigger>>;

export class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
}

export interface MachineResult {
  state: 'stopped' | 'error';
  /** Why the machine ended in `error`. */
  error?: unknown;
}

/**
 * Runs the machine to a final state. An action that throws moves it to `error` (after the action has
 * cleaned up after itself: actions never leave work running behind them).
 */
export async function runMachine(
  actions: StateActions,
  onChange: (state: SyncState, trigger: Trigger | 'fatal' | 'start', error?: unknown) => void,
): Promise<MachineResult> {
  let state: SyncState = 'initializing';
  onChange(state, 'start');
  for (;;) {
    if (state === 'stopped' || state === 'error') return { state };
    let trigger: Trigger;
    try {
      trigger = await actions[state]();
    } catch (error) {
      onChange('error', 'fatal', error);
      return { state: 'error', error };
    }
    const next: SyncState | undefined = TRANSITIONS[state][trigger];
    if (next === undefined) {
      const error = new IllegalTransitionError(`state machine bug: ${state} has no transition for ${trigger}`);
      onChange('error', 'fatal', error);
      return { state: 'error', error };
    }
    state = next;
    onChange(state, trigger);
  }
}
