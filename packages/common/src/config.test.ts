import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { ConfigError, dbSpec, env, loadConfigOrExit, loadEnv, parseConfig } from './config';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig with the shared DB settings', () => {
  it('applies the documented defaults when nothing is set', () => {
    expect(parseConfig(dbSpec, {})).toEqual({
      DB_ENDPOINT: '127.0.0.1',
      DB_PORT: 3306,
      DB_USER: 'root',
      DB_PASS: '',
      DB_NAME: 'wallet_service',
    });
  });

  it('treats blank values as unset, but keeps a password as written', () => {
    const cfg = parseConfig(dbSpec, { DB_ENDPOINT: '  ', DB_PORT: '', DB_PASS: ' secret ' });
    expect(cfg.DB_ENDPOINT).toBe('127.0.0.1');
    expect(cfg.DB_PORT).toBe(3306);
    expect(cfg.DB_PASS).toBe(' secret ');
  });

  it('parses a port into a number', () => {
    expect(parseConfig(dbSpec, { DB_PORT: '13306' }).DB_PORT).toBe(13306);
  });

  it.each(['abc', '0', '65536', '33.06', '-1', '3306x'])('rejects DB_PORT=%s naming the variable and the expectation', (value) => {
    const err = errorOf(() => parseConfig(dbSpec, { DB_PORT: value }));
    expect(err.variable).toBe('DB_PORT');
    expect(err.message).toBe(`DB_PORT=${JSON.stringify(value)} is invalid (expected a TCP port number (1-65535))`);
  });
});

describe('env field builders', () => {
  it('a required string that is missing says it is not set', () => {
    const err = errorOf(() => parseConfig({ FULLNODE_HOST: env.string() }, {}));
    expect(err.message).toBe('FULLNODE_HOST is not set (expected a non-empty string)');
    expect(err.received).toBeUndefined();
  });

  it('reports the first bad variable in spec order', () => {
    const spec = { A: env.int(), B: env.string() };
    expect(errorOf(() => parseConfig(spec, { A: 'x' })).variable).toBe('A');
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['No', false],
  ])('bool reads %s as %s', (raw, value) => {
    expect(parseConfig({ FLAG: env.bool() }, { FLAG: raw }).FLAG).toBe(value);
  });

  it('bool falls back to its default and rejects other words', () => {
    expect(parseConfig({ FLAG: env.bool(true) }, {}).FLAG).toBe(true);
    expect(errorOf(() => parseConfig({ FLAG: env.bool(false) }, { FLAG: 'maybe' })).message).toBe(
      'FLAG="maybe" is invalid (expected true or false)',
    );
  });

  it('int enforces its bounds and says them', () => {
    const spec = { SIZE: env.int(10, 1, 100) };
    expect(parseConfig(spec, {}).SIZE).toBe(10);
    expect(parseConfig(spec, { SIZE: '100' }).SIZE).toBe(100);
    expect(errorOf(() => parseConfig(spec, { SIZE: '101' })).message).toBe(
      'SIZE="101" is invalid (expected an integer between 1 and 100)',
    );
    expect(errorOf(() => parseConfig(spec, { SIZE: '1e3' })).variable).toBe('SIZE');
  });

  it('oneOf lists the allowed values', () => {
    const spec = { LEVEL: env.oneOf(['debug', 'info'] as const, 'info') };
    expect(parseConfig(spec, {}).LEVEL).toBe('info');
    expect(errorOf(() => parseConfig(spec, { LEVEL: 'loud' })).message).toBe(
      'LEVEL="loud" is invalid (expected one of debug, info)',
    );
  });

  it('url accepts only the allowed protocols', () => {
    const spec = { QUEUE: env.url(undefined, ['http:', 'https:']) };
    expect(parseConfig(spec, { QUEUE: 'https://example.test/q' }).QUEUE).toBe('https://example.test/q');
    expect(errorOf(() => parseConfig(spec, { QUEUE: 'ftp://x' })).message).toBe(
      'QUEUE="ftp://x" is invalid (expected a URL (http: or https:))',
    );
    expect(errorOf(() => parseConfig(spec, { QUEUE: 'not a url' })).variable).toBe('QUEUE');
  });

  it('optional values may be absent or blank', () => {
    const spec = { NOTE: env.optionalString(), HOOK: env.optionalUrl() };
    expect(parseConfig(spec, { NOTE: '', HOOK: ' ' })).toEqual({ NOTE: undefined, HOOK: undefined });
    expect(errorOf(() => parseConfig(spec, { HOOK: 'nope' })).variable).toBe('HOOK');
  });
});

describe('loadEnv', () => {
  const name = `WS_TEST_DOTENV_${process.pid}`;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dotenv-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[name];
    delete process.env[`${name}_SET`];
  });

  it('reads a .env file without overriding variables already set', () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, `${name}=from-file\n${name}_SET=from-file\n`);
    process.env[`${name}_SET`] = 'from-environment';
    const loaded = loadEnv(file);
    expect(loaded[name]).toBe('from-file');
    expect(loaded[`${name}_SET`]).toBe('from-environment');
  });
});

describe('loadConfigOrExit', () => {
  it('prints one line naming the variable and exits with code 2', () => {
    // The real process.exit would end the test worker: it is replaced by one that throws.
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => loadConfigOrExit(dbSpec, { DB_PORT: 'abc' })).toThrow('exit 2');
      expect(write.mock.calls).toEqual([
        ['configuration error: DB_PORT="abc" is invalid (expected a TCP port number (1-65535))\n'],
      ]);
    } finally {
      exit.mockRestore();
      write.mockRestore();
    }
  });

  it('returns the parsed settings when they are valid', () => {
    expect(loadConfigOrExit(dbSpec, { DB_NAME: 'other' }).DB_NAME).toBe('other');
  });
});

describe('secret settings', () => {
  const spec = { AUTH_SECRET: env.secret(32), API_KEY: env.optionalSecret(16) };

  it('accepts a long enough secret and leaves an optional one unset when blank', () => {
    const cfg = parseConfig(spec, { AUTH_SECRET: 'x'.repeat(32), API_KEY: ' ' });
    expect(cfg.AUTH_SECRET).toBe('x'.repeat(32));
    expect(cfg.API_KEY).toBeUndefined();
  });

  it('names the variable but never writes the value of a bad secret', () => {
    const err = errorOf(() => parseConfig(spec, { AUTH_SECRET: 'short-secret-value' }));
    expect(err.variable).toBe('AUTH_SECRET');
    expect(err.message).toBe('AUTH_SECRET is invalid (expected a secret of at least 32 characters; value not shown)');
    expect(err.message).not.toContain('short-secret-value');
    const optional = errorOf(() => parseConfig(spec, { AUTH_SECRET: 'x'.repeat(32), API_KEY: 'tiny-key' }));
    expect(optional.message).not.toContain('tiny-key');
  });

  it('says a missing secret is not set', () => {
    expect(errorOf(() => parseConfig(spec, {})).message).toBe('AUTH_SECRET is not set (expected a secret of at least 32 characters)');
  });
});
