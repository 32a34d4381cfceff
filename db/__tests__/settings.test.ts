import { dbSpec, parseConfig } from '@wallet-service/common';
import { describeConnectError, readDbSettings } from '../lib/settings';

// db/lib/settings.js is plain JS (the migrator image runs it unbuilt) and repeats the rules of common's
// dbSpec: both must read the same variables the same way.
describe('db/lib/settings.js agrees with common dbSpec', () => {
  it.each([
    {},
    { DB_ENDPOINT: 'db.internal', DB_PORT: '13306', DB_USER: 'svc', DB_PASS: 'p w', DB_NAME: 'wallet_dev' },
    { DB_ENDPOINT: ' ', DB_PORT: '', DB_USER: '', DB_PASS: '', DB_NAME: '' },
  ])('reads %j the same way', (vars) => {
    const js = readDbSettings(vars);
    const ts = parseConfig(dbSpec, vars);
    expect(js).toEqual({
      host: ts.DB_ENDPOINT,
      port: ts.DB_PORT,
      user: ts.DB_USER,
      password: ts.DB_PASS,
      database: ts.DB_NAME,
    });
  });

  it('connection errors name host, port and user in one line', () => {
    const s = { host: 'h', port: 1, user: 'u', password: '', database: 'd' };
    const line = describeConnectError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), s);
    expect(line).toBe("cannot connect to MySQL at h:1 as user 'u': connection timed out");
  });
});
