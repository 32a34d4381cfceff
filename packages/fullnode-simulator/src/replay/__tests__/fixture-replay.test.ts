import { readFileSync } from 'fs';
import { describeWithFixtures, FIXTURE_SCENARIOS, fixturePath } from '@wallet-service/common/testing/fixtures';
import { startSimulator } from '../../server/simulator';
import { TestClient } from '../../server/__tests__/ws-client';
import { memberText } from '../json-text';
import { loadReplayFile } from '../load';

function fixtureLines(scenario: string): string[] {
  return readFileSync(fixturePath(scenario, 'jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
}

describeWithFixtures('replaying the recorded node streams', () => {
  it.each(FIXTURE_SCENARIOS)('%s goes out byte-identical (window 1, ACK per event like the daemon)', async (scenario) => {
    const lines = fixtureLines(scenario);
    const sim = await startSimulator({ stream: loadReplayFile(fixturePath(scenario, 'jsonl')) });
    const client = await TestClient.connect(sim.wsUrl);
    try {
      client.send({ type: 'START_STREAM', window_size: 1 });
      for (let id = 0; id < lines.length; id++) {
        const received = await client.next();
        expect(memberText(received, 'event')).toBe(memberText(lines[id], 'event'));
        // The recordings are served with their own envelope values, so whole lines match too.
        expect(received).toBe(lines[id]);
        client.send({ type: 'ACK', ack_event_id: id, window_size: 1 });
      }
      await client.expectSilence(50);
    } finally {
      client.close();
      await sim.close();
    }
  });

  it('envelope overrides change only the envelope', async () => {
    const lines = fixtureLines('REORG');
    const sim = await startSimulator({
      stream: loadReplayFile(fixturePath('REORG', 'jsonl')),
      peerId: 'other-peer',
      network: 'testnet-golf',
      streamId: 'other-stream',
    });
    const client = await TestClient.connect(sim.wsUrl);
    try {
      client.send({ type: 'START_STREAM', window_size: 100 });
      for (const line of lines) {
        const received = await client.next();
        const msg = JSON.parse(received) as Record<string, unknown>;
        expect(msg).toMatchObject({ peer_id: 'other-peer', network: 'testnet-golf', stream_id: 'other-stream' });
        expect(memberText(received, 'event')).toBe(memberText(line, 'event'));
      }
    } finally {
      client.close();
      await sim.close();
    }
  });
});
