import { randomBytes } from 'crypto';
import { readdirSync } from 'fs';
import path from 'path';
import mysql from 'mysql2/promise';
import { parseConfig, dbSpec, type DbConfig } from '../config';
import { createPool, type Pool } from '../db/pool';

/**
 * Each test run gets its own uniquely named database on the real server (DB_* settings, defaults
 * 127.0.0.1:3306 root), migrated by the project's own migration files, and drops it afterwards: parallel
 * runs never share rows.
 */
export const DB_DIR = path.resolve(__dirname, '../../../../db');

export interface TestDatabase {
  name: string;
  config: DbConfig;
  pool: Pool;
  drop(): Promise<void>;
}

export function serverConfig(): DbConfig {
  return parseConfig(dbSpec, process.env);
}

async function adminConnection(cfg: DbConfig): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: cfg.DB_ENDPOINT,
    port: cfg.DB_PORT,
    user: cfg.DB_USER,
    password: cfg.DB_PASS,
    multipleStatements: false,
  });
}

export function uniqueDatabaseName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 30);
  return `t_${clean}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function createEmptyDatabase(prefix: string): Promise<{ name: string; config: DbConfig; drop(): Promise<void> }> {
  const server = serverConfig();
  const name = uniqueDatabaseName(prefix);
  const admin = await adminConnection(server);
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const config = { ...server, DB_NAME: name };
  return {
    name,
    config,
    async drop() {
      const conn = await adminConnection(server);
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}

interface MigrationModule {
  up(queryInterface: { sequelize: { query(sql: string): Promise<unknown> } }): Promise<void>;
}

/**
 * Applies db/migrations in order the way sequelize-cli would (including its SequelizeMeta bookkeeping),
 * without starting sequelize for every test file. The migration tests run the real sequelize-cli.
 */
export async function migrate(cfg: DbConfig, options: { seed?: boolean } = {}): Promise<void> {
  const conn = await mysql.createConnection({
    host: cfg.DB_ENDPOINT,
    port: cfg.DB_PORT,
    user: cfg.DB_USER,
    password: cfg.DB_PASS,
    database: cfg.DB_NAME,
  });
  const queryInterface = {
    sequelize: {
      query: async (sql: string) => {
        const [rows] = await conn.query(sql);
        return [rows];
      },
      transaction: async (fn: (t: unknown) => Promise<void>) => fn(undefined),
    },
  };
  try {
    await conn.query(
      'CREATE TABLE IF NOT EXISTS `SequelizeMeta` (`name` VARCHAR(255) NOT NULL, PRIMARY KEY (`name`)) ' +
        'ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_unicode_ci',
    );
    const dir = path.join(DB_DIR, 'migrations');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const migration = require(path.join(dir, file)) as MigrationModule;
      await migration.up(queryInterface);
      await conn.query('INSERT INTO `SequelizeMeta` (name) VALUES (?)', [file]);
    }
    if (options.seed) {
      const seeders = path.join(DB_DIR, 'seeders');
      for (const file of readdirSync(seeders).filter((f) => f.endsWith('.js')).sort()) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        await (require(path.join(seeders, file)) as MigrationModule).up(queryInterface);
      }
    }
  } finally {
    await conn.end();
  }
}

/** A fresh, migrated (and by default seeded) database with a pool on it. */
export async function createTestDatabase(prefix: string, options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const db = await createEmptyDatabase(prefix);
  try {
    await migrate(db.config, { seed: options.seed ?? true });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const pool = createPool(db.config, { connectionLimit: 4 });
  return {
    name: db.name,
    config: db.config,
    pool,
    async drop() {
      await pool.end();
      await db.drop();
    },
  };
}
