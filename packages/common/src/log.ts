/**
 * Structured JSON logs, one object per line: {time, level, service, msg, ...fields}. Errors are expanded
 * to {name, message, stack, code} so they stay readable in log pipelines. bigint fields are written as
 * strings (amounts must not be rounded on the way out either).
 */
export const LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Level = (typeof LEVELS)[number];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  fatal(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  service: string;
  level?: Level;
  /** Where lines go; defaults to stdout. */
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

function serializeError(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message, stack: err.stack };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (err.cause instanceof Error) out.cause = serializeError(err.cause);
  return out;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return serializeError(value);
  return value;
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const make = (base: Record<string, unknown>): Logger => {
    const emit = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
      if (LEVELS.indexOf(level) < threshold) return;
      write(
        JSON.stringify(
          { time: new Date().toISOString(), level, service: options.service, msg, ...base, ...fields },
          replacer,
        ),
      );
    };
    return {
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      fatal: emit('fatal'),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

/** A logger that drops everything (tests that do not assert on logs). */
export const silentLogger: Logger = createLogger({ service: 'silent', write: () => undefined, level: 'fatal' });
