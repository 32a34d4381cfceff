import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

/**
 * Every setting is an environment variable (optionally from a `.env` file in the working directory),
 * validated once at start. A missing or malformed variable is a ConfigError whose message names the
 * variable and what was expected; `loadConfigOrExit` prints it as one line and stops the process.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly received: string | undefined,
    /** A secret's value is never written into the message (it ends up in logs). */
    secret = false,
  ) {
    super(
      received === undefined
        ? `${variable} is not set (expected ${expected})`
        : secret
          ? `${variable} is invalid (expected ${expected}; value not shown)`
          : `${variable}=${JSON.stringify(received)} is invalid (expected ${expected})`,
    );
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** Reads `.env` into process.env without overriding variables already set. */
export function loadEnv(path?: string): Env {
  loadDotenv({ path, quiet: true });
  return process.env;
}

// ---- field builders: each one documents what it expects, so the error can say it ----

type Field<T> = z.ZodType<T> & { expected: string; secret?: boolean };

function field<T>(schema: z.ZodType<T>, expected: string, secret = false): Field<T> {
  return Object.assign(schema, { expected, secret });
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** Unset or blank variables take the default (as a string, so it is validated like any other value). */
const orDefault = (def: string | undefined) => (v: unknown) => blankToUndefined(v) ?? def;

const isUrl = (protocols: string[]) => (s: string) => {
  try {
    return protocols.includes(new URL(s).protocol);
  } catch {
    return false;
  }
};
const URL_PROTOCOLS = ['http:', 'https:', 'ws:', 'wss:'];

export const env = {
  string: (def?: string) => field(z.preprocess(orDefault(def), z.string().min(1)), 'a non-empty string'),
  /** A string that may legitimately be empty (e.g. a password). */
  anyString: (def = '') => field(z.preprocess((v) => v ?? def, z.string()), 'a string'),
  optionalString: () => field(z.preprocess(blankToUndefined, z.string().optional()), 'a string or nothing'),
  /** A required secret (signing keys, API keys): at least `minLength` characters; its value never appears in errors. */
  secret: (minLength: number) =>
    field(z.preprocess(blankToUndefined, z.string().min(minLength)), `a secret of at least ${minLength} characters`, true),
  /** An optional secret: unset or blank means none. */
  optionalSecret: (minLength: number) =>
    field(
      z.preprocess(blankToUndefined, z.string().min(minLength).optional()),
      `nothing, or a secret of at least ${minLength} characters`,
      true,
    ),
  int: (def?: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
    field(
      z.preprocess(
        orDefault(def === undefined ? undefined : String(def)),
        z.string().regex(/^-?\d+$/).transform(Number).pipe(z.number().int().min(min).max(max)),
      ),
      `an integer between ${min} and ${max}`,
    ),
  port: (def?: number) =>
    field(
      z.preprocess(
        orDefault(def === undefined ? undefined : String(def)),
        z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(65535)),
      ),
      'a TCP port number (1-65535)',
    ),
  bool: (def?: boolean) =>
    field(
      z.preprocess(
        orDefault(def === undefined ? undefined : String(def)),
        z
          .string()
          .transform((s) => s.toLowerCase())
          .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
          .transform((s) => s === 'true' || s === '1' || s === 'yes'),
      ),
      'true or false',
    ),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T, def?: T[number]) =>
    field(z.preprocess(orDefault(def), z.enum(values)), `one of ${values.join(', ')}`),
  url: (def?: string, protocols = URL_PROTOCOLS) =>
    field(z.preprocess(orDefault(def), z.string().refine(isUrl(protocols))), `a URL (${protocols.join(' or ')})`),
  optionalUrl: (protocols = URL_PROTOCOLS) =>
    field(
      z.preprocess(blankToUndefined, z.string().refine(isUrl(protocols)).optional()),
      `a URL (${protocols.join(' or ')}) or nothing`,
    ),
};

export type Spec = Record<string, Field<unknown>>;
export type ConfigOf<S extends Spec> = { [K in keyof S]: z.output<S[K]> };

/** Validates the variables named by `spec` (keys are variable names). Throws ConfigError on the first bad one. */
export function parseConfig<S extends Spec>(spec: S, source: Env = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(spec)) {
    const raw = source[name];
    const result = schema.safeParse(raw);
    if (!result.success) throw new ConfigError(name, schema.expected, raw, schema.secret);
    out[name] = result.data;
  }
  return out as ConfigOf<S>;
}

/** parseConfig for process entry points: a bad setting prints one line on stderr and exits with code 2. */
export function loadConfigOrExit<S extends Spec>(spec: S, source?: Env): ConfigOf<S> {
  try {
    return parseConfig(spec, source ?? loadEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** The database settings every service shares (names as operators already use them). */
export const dbSpec = {
  DB_ENDPOINT: env.string('127.0.0.1'),
  DB_PORT: env.port(3306),
  DB_USER: env.string('root'),
  DB_PASS: env.anyString(''),
  DB_NAME: env.string('wallet_service'),
};
export type DbConfig = ConfigOf<typeof dbSpec>;

/** The environment that parses back to `cfg`: how a process hands its database to a child process. */
export function dbEnv(cfg: DbConfig): Record<keyof DbConfig, string> {
  return { DB_ENDPOINT: cfg.DB_ENDPOINT, DB_PORT: String(cfg.DB_PORT), DB_USER: cfg.DB_USER, DB_PASS: cfg.DB_PASS, DB_NAME: cfg.DB_NAME };
}
