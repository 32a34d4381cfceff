'use strict';
// sequelize-cli configuration. An async function so the connection can be checked before any command
// runs: an unreachable server or wrong credentials end with one clear line and exit code 1, instead of
// sequelize's stack of nested errors.
const mysql = require('mysql2/promise');
const { loadDotenv, readDbSettings, describeConnectError } = require('./lib/settings');

module.exports = async function config() {
  loadDotenv();
  const s = readDbSettings();
  try {
    const conn = await mysql.createConnection({ ...s, connectTimeout: 10000 });
    await conn.end();
  } catch (err) {
    process.stderr.write(`${describeConnectError(err, s)}\n`);
    process.exit(1);
  }
  const connection = {
    username: s.user,
    password: s.password,
    database: s.database,
    host: s.host,
    port: s.port,
    dialect: 'mysql',
    logging: false,
    seederStorage: 'none',
  };
  // sequelize-cli picks the entry named by NODE_ENV; every name maps to the same DB_* connection.
  const envName = process.env.NODE_ENV || 'development';
  return { development: connection, test: connection, production: connection, [envName]: connection };
};
