import { createLogger, silentLogger } from './log';

function capture(level?: 'debug' | 'info' | 'warn' | 'error' | 'fatal') {
  const lines: string[] = [];
  const log = createLogger({ service: 'test-svc', level, write: (line) => lines.push(line) });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, service and msg', () => {
    const { log, lines, parsed } = capture();
    log.info('started', { port: 8080 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [entry] = parsed();
    expect(entry).toEqual({ time: expect.any(String), level: 'info', service: 'test-svc', msg: 'started', port: 8080 });
    expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
  });

  it('drops lines below the threshold (info by default)', () => {
    const { log, parsed } = capture();
    log.debug('hidden');
    log.warn('shown');
    log.fatal('also shown');
    expect(parsed().map((e) => e.level)).toEqual(['warn', 'fatal']);
  });

  it('writes bigint fields as exact decimal strings', () => {
    const { log, parsed } = capture('debug');
    log.debug('amount', { value: 18446744073709551615n });
    expect(parsed()[0].value).toBe('18446744073709551615');
  });

  it('expands errors with name, message, stack, code and cause', () => {
    const { log, parsed } = capture();
    const cause = new Error('socket closed');
    const err = Object.assign(new Error('query failed', { cause }), { code: 'ER_LOCK_DEADLOCK' });
    log.error('write failed', { err });
    const e = parsed()[0].err as Record<string, unknown>;
    expect(e).toMatchObject({ name: 'Error', message: 'query failed', code: 'ER_LOCK_DEADLOCK' });
    expect(e.stack).toContain('query failed');
    expect(e.cause).toMatchObject({ name: 'Error', message: 'socket closed' });
  });

  it('child loggers add their fields to every line; call fields win', () => {
    const { log, parsed } = capture();
    const child = log.child({ component: 'sync', eventId: 1 });
    child.info('event', { eventId: 2 });
    expect(parsed()[0]).toMatchObject({ service: 'test-svc', component: 'sync', eventId: 2 });
  });

  it('silentLogger writes nothing', () => {
    const write = jest.spyOn(process.stdout, 'write');
    try {
      silentLogger.fatal('nothing');
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});
