import { IllegalTransitionError, TRANSITIONS, runMachine, streamingSubState, type StateActions, type Trigger } from '../machine';
import type { SyncState } from '../ops/contract';

/** Actions that replay a script of triggers, recording the states the machine passed through. */
function scripted(triggers: Partial<Record<keyof StateActions, Trigger[]>>): StateActions {
  const next = (state: keyof StateActions) => async () => {
    const t = triggers[state]?.shift();
    if (t === undefined) throw new Error(`no scripted trigger left for ${state}`);
    return t;
  };
  return { initializing: next('initializing'), connecting: next('connecting'), streaming: next('streaming'), reconnecting: next('reconnecting'), stopping: next('stopping') };
}

describe('sync state machine', () => {
  it('walks connect → stream → reconnect → stream → stop and reports each state', async () => {
    const seen: SyncState[] = [];
    const result = await runMachine(
      scripted({
        initializing: ['ready'],
        connecting: ['connectFailed', 'opened', 'opened'],
        reconnecting: ['retry', 'retry'],
        streaming: ['disconnected', 'stop'],
        stopping: ['stopped'],
      }),
      (s) => seen.push(s),
    );
    expect(result).toEqual({ state: 'stopped' });
    expect(seen).toEqual(['initializing', 'connecting', 'reconnecting', 'connecting', 'streaming', 'reconnecting', 'connecting', 'streaming', 'stopping', 'stopped']);
  });

  it('ends in error with the reason when an action throws', async () => {
    const boom = new Error('guard mismatch');
    const seen: [SyncState, unknown][] = [];
    const actions = scripted({ initializing: ['ready'] });
    actions.connecting = async () => {
      throw boom;
    };
    const result = await runMachine(actions, (s, _t, err) => seen.push([s, err]));
    expect(result).toEqual({ state: 'error', error: boom });
    expect(seen.at(-1)).toEqual(['error', boom]);
  });

  it('treats a trigger the current state does not list as a bug', async () => {
    const result = await runMachine(scripted({ initializing: ['opened'] }), () => undefined);
    expect(result.state).toBe('error');
    expect(result.error).toBeInstanceOf(IllegalTransitionError);
    expect((result.error as Error).message).toBe('state machine bug: initializing has no transition for opened');
  });

  it('lets every running state stop, and no final state go anywhere', () => {
    for (const state of ['initializing', 'connecting', 'streaming', 'reconnecting'] as const) expect(TRANSITIONS[state].stop).toBe('stopping');
    expect(TRANSITIONS.stopped).toEqual({});
    expect(TRANSITIONS.error).toEqual({});
  });

  it('derives the streaming sub-state from the batch in flight and the buffer', () => {
    expect(streamingSubState(false, 0)).toBe('idle');
    expect(streamingSubState(false, 3)).toBe('receiving');
    expect(streamingSubState(true, 0)).toBe('applying');
    expect(streamingSubState(true, 5)).toBe('applying');
  });
});
