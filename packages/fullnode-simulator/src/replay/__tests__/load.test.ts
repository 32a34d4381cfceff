import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { memberText, topLevelMembers } from '../json-text';
import { readLines } from '../lines';
import { loadReplayFile, ReplayFileError } from '../load';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'replay-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function event(id: number, data = '{}'): string {
  return `{"id": ${id}, "timestamp": 1.0, "type": "LOAD_STARTED", "data": ${data}, "group_id": null}`;
}
function line(id: number, overrides: Record<string, string> = {}): string {
  const f = { peer: '"p1"', network: '"unittests"', stream: '"s1"', latest: '2', event: event(id), ...overrides };
  return `{"type": "EVENT", "peer_id": ${f.peer}, "network": ${f.network}, "event": ${f.event}, "latest_event_id": ${f.latest}, "stream_id": ${f.stream}}`;
}
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('loadReplayFile', () => {
  it('keeps each event text exactly and takes meta from the lines', () => {
    const big = event(1, '{"value": 18446744073709551615, "w": 2.0}');
    const file = write('ok.jsonl', [line(0), line(1, { event: big }), line(2)].join('\r\n') + '\n\n');
    const stream = loadReplayFile(file);
    expect(stream.meta).toEqual({ peerId: 'p1', network: 'unittests', streamId: 's1', rewardSpendMinBlocks: 10 });
    expect(stream.events).toEqual([event(0), big, event(2)]);
    expect(loadReplayFile(file, { rewardSpendMinBlocks: 1 }).meta.rewardSpendMinBlocks).toBe(1);
  });

  it('cuts the event text exactly out of compact node lines, whatever its strings hold', () => {
    const tricky = '{"id":0,"timestamp":0,"type":"X","data":{"s":"}\\",\\"latest_event_id\\":0,\\"stream_id\\":\\"s\\"}"},"group_id":null}';
    const compact = `{"type":"EVENT","peer_id":"p\\"q","network":"n","event":${tricky},"latest_event_id":0,"stream_id":"s"}`;
    const file = write('compact.jsonl', compact + '\n');
    const stream = loadReplayFile(file);
    expect(stream.events).toEqual([tricky]);
    expect(stream.meta.peerId).toBe('p"q');
  });

  it.each([
    ['an unparseable line', () => [line(0), '{"type": "EVENT", "event": {', line(2)], 2, 'not valid JSON'],
    ['a line that is not an object', () => [line(0), '[]'], 2, 'expected a JSON object'],
    ['a non-EVENT message', () => [line(0), '{"type":"ACK"}'], 2, 'expected "type":"EVENT", got "ACK"'],
    ['a missing peer_id', () => [line(0, { peer: '7' })], 1, '"peer_id" must be a string'],
    ['a bad latest_event_id', () => [line(0, { latest: '-1' })], 1, '"latest_event_id" must be a non-negative integer'],
    ['a missing event', () => [line(0, { event: 'null' })], 1, '"event" must be an object'],
    ['an id gap', () => [line(0), line(1), line(3)], 3, 'event id 3 out of sequence (expected 2'],
    ['ids not starting at 0', () => [line(1)], 1, 'event id 1 out of sequence (expected 0'],
    ['a bad group_id', () => [line(0, { event: event(0).replace('"group_id": null', '"group_id": "x"') })], 1, 'group_id'],
    ['a changed stream_id', () => [line(0), line(1, { stream: '"s2"' })], 2, '"stream_id" "s2" differs from the first line\'s "s1"'],
  ])('names file and line for %s', (_name, lines, lineNo, problem) => {
    const file = write('broken.jsonl', lines().join('\n') + '\n');
    let error: unknown;
    try {
      loadReplayFile(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ReplayFileError);
    expect((error as ReplayFileError).message).toContain(`${file}:${lineNo}: `);
    expect((error as ReplayFileError).message).toContain(problem);
    expect((error as ReplayFileError).line).toBe(lineNo);
  });

  it('counts blank lines when naming the broken line', () => {
    const file = write('blank.jsonl', `${line(0)}\n\n${line(2)}\n`);
    expect(() => loadReplayFile(file)).toThrow(`${file}:3: event id 2 out of sequence`);
  });

  it('refuses an empty file and a missing file', () => {
    const empty = write('empty.jsonl', '\n');
    expect(() => loadReplayFile(empty)).toThrow(`${empty}: replay file holds no events`);
    expect(() => loadReplayFile(path.join(dir, 'absent.jsonl'))).toThrow('ENOENT');
  });
});

describe('readLines', () => {
  it('splits across chunk boundaries, strips \\r and keeps multi-byte characters whole', () => {
    const text = 'alpha\r\nβeta—gamma\n\nlast-without-newline';
    const file = write('lines.txt', text);
    for (const chunk of [1, 2, 3, 7, 1024]) {
      expect([...readLines(file, chunk)]).toEqual([
        [1, 'alpha'],
        [2, 'βeta—gamma'],
        [3, ''],
        [4, 'last-without-newline'],
      ]);
    }
  });
});

describe('topLevelMembers', () => {
  it('finds value spans around nested strings, brackets and escapes', () => {
    const text = ' { "a" : "x}\\"]" , "b":[{"c":"}"}, 1], "n": -1.5e3 ,"t":true, "o":{} } ';
    const members = topLevelMembers(text);
    expect([...members.keys()]).toEqual(['a', 'b', 'n', 't', 'o']);
    expect(memberText(text, 'a')).toBe('"x}\\"]"');
    expect(memberText(text, 'b')).toBe('[{"c":"}"}, 1]');
    expect(memberText(text, 'n')).toBe('-1.5e3');
    expect(memberText(text, 't')).toBe('true');
    expect(memberText(text, 'o')).toBe('{}');
    expect(memberText(text, 'missing')).toBeUndefined();
    expect(topLevelMembers('{}').size).toBe(0);
  });
});
