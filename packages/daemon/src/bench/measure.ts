import { readdirSync, readFileSync } from 'fs';
import { selectRows, type Queryable } from '@wallet-service/common';

/**
 * What bench:sync reads besides the clock: CPU seconds of the daemon and of the database server (from
 * /proc, so only when the server runs on this machine), the server's own counters (SHOW GLOBAL STATUS:
 * statements, rows, buffer pool reads from disk), and the rate of each tenth of the stream.
 */

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process in seconds, or null when /proc cannot tell. */
export function cpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields counted from after it are stable.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The pid of a MariaDB / MySQL server on this machine, or null (a remote server: its CPU is not ours to read). */
export function databaseServerPid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'mariadbd' || comm === 'mysqld') return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

const COUNTERS = [
  'Com_insert',
  'Com_update',
  'Com_delete',
  'Com_select',
  'Com_commit',
  'Questions',
  // Row counts from the handler interface: MariaDB 10.11 has no Innodb_rows_*, and both servers have these.
  'Handler_write',
  'Handler_update',
  'Handler_delete',
  'Handler_read_key',
  'Handler_read_next',
  'Handler_read_rnd_next',
  'Innodb_buffer_pool_read_requests',
  'Innodb_buffer_pool_reads',
  'Innodb_data_written',
] as const;

export type Counters = Record<(typeof COUNTERS)[number], number>;

export async function serverCounters(db: Queryable): Promise<Counters> {
  const rows = await selectRows<{ Variable_name: string; Value: string }>(db, `SHOW GLOBAL STATUS WHERE Variable_name IN (${COUNTERS.map(() => '?').join(', ')})`, [...COUNTERS]);
  const byName = new Map(rows.map((r) => [r.Variable_name.toLowerCase(), Number(r.Value)]));
  return Object.fromEntries(COUNTERS.map((c) => [c, byName.get(c.toLowerCase()) ?? 0])) as Counters;
}

export function counterDelta(before: Counters, after: Counters): Counters {
  return Object.fromEntries(COUNTERS.map((c) => [c, after[c] - before[c]])) as Counters;
}

/** When the cursor passed each tenth of the stream, for the rate of each tenth. */
export class Tenths {
  private readonly passedAt: number[] = [];
  constructor(
    private readonly total: number,
    private readonly startedAt: number,
  ) {}

  /** Records the tenths that `synced` events (the cursor + 1) complete, at `now` (ms). */
  observe(synced: number, now: number): void {
    while (this.passedAt.length < 10 && synced >= Math.ceil((this.total * (this.passedAt.length + 1)) / 10)) this.passedAt.push(now);
  }

  /** events/s of each completed tenth. */
  rates(): number[] {
    return this.passedAt.map((t, i) => {
      const from = i === 0 ? this.startedAt : this.passedAt[i - 1];
      const events = Math.ceil((this.total * (i + 1)) / 10) - Math.ceil((this.total * i) / 10);
      return events / Math.max((t - from) / 1000, 1e-3);
    });
  }
}

/** A counter of the daemon's Prometheus text by its one label, e.g. seconds per stage (empty when absent). */
export function byLabel(metricsText: string, metric: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const line = new RegExp(`^${metric}\\{${label}="([^"]+)"\\} ([0-9.eE+-]+)$`, 'gm');
  for (const m of metricsText.matchAll(line)) out[m[1]] = Number(m[2]);
  return out;
}
