import { readFileSync } from 'fs';
import path from 'path';
import { parse as parseDotenv } from 'dotenv';
import { parseConfig } from '@wallet-service/common';
import { apiSpec } from '../config';

/**
 * .env.example is where a developer learns the settings: it must name every variable the API reads and
 * the serverless-offline ports, each under a comment, with the defaults the code really uses.
 */
const ROOT = path.resolve(__dirname, '../../../..');
const text = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
const example = parseDotenv(text);
const OFFLINE = { API_HOST: '127.0.0.1', API_PORT: '3000', API_WS_PORT: '3001', API_LAMBDA_PORT: '3002' };

describe('.env.example for the wallet API', () => {
  test('documents every API variable, with the defaults the code uses', () => {
    for (const name of Object.keys(apiSpec)) expect(example).toHaveProperty(name);
    // The required ones have no default: blank in the example, given here.
    const required = { NETWORK: 'mainnet', AUTH_SECRET: 'a-secret-of-thirty-two-characters-at-least' };
    expect(parseConfig(apiSpec, { ...example, ...required })).toEqual(parseConfig(apiSpec, required));
    expect(example.AUTH_SECRET).toBe('');
  });

  test('documents the serverless-offline ports with the defaults serverless.yml and the offline start use', () => {
    expect(Object.fromEntries(Object.keys(OFFLINE).map((k) => [k, example[k]]))).toEqual(OFFLINE);
    const yml = readFileSync(path.join(ROOT, 'packages/wallet-service/serverless.yml'), 'utf8');
    const start = readFileSync(path.join(ROOT, 'packages/wallet-service/scripts/offline.cjs'), 'utf8');
    const literal = (value: string) => (/^\d+$/.test(value) ? value : `'${value}'`);
    for (const [name, value] of Object.entries(OFFLINE)) expect(yml).toContain(`\${env:${name}, ${literal(value)}}`);
    // The start script builds the URLs it probes and prints from the same defaults.
    for (const name of ['API_HOST', 'API_PORT', 'API_WS_PORT', 'API_LAMBDA_PORT'] as const) expect(start).toContain(`env.${name} || ${literal(OFFLINE[name])}`);
    // …and serves and polls the new-tx queue the API (and the daemon) default to.
    expect(start).toContain(`env.NEW_TX_SQS || '${example.NEW_TX_SQS}'`);
    expect(parseConfig(apiSpec, { NETWORK: 'mainnet', AUTH_SECRET: 'a-secret-of-thirty-two-characters-at-least' }).NEW_TX_SQS).toBe(example.NEW_TX_SQS);
  });

  test('every API variable has a comment line right above it', () => {
    const lines = text.split('\n');
    for (const name of [...Object.keys(apiSpec), ...Object.keys(OFFLINE)]) {
      const at = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect({ name, comment: lines[at - 1]?.startsWith('# ') }).toEqual({ name, comment: true });
    }
  });
});
