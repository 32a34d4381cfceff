import type { Alert, Severity } from '../sync/contract';
import type { ReorgThresholds } from './settings';

/** Severity of a reorg of `size` blocks, or null when it is below the smallest threshold (no alert). */
export function gradeReorg(size: number, t: ReorgThresholds): Severity | null {
  if (size >= t.critical) return 'critical';
  if (size >= t.major) return 'major';
  if (size >= t.minor) return 'minor';
  if (size >= t.info) return 'info';
  return null;
}

const TITLES: Record<Severity, string> = {
  critical: 'Critical Reorg Detected',
  major: 'Major Reorg Detected',
  medium: 'Reorg Detected',
  minor: 'Minor Reorg Detected',
  warning: 'Reorg Detected',
  info: 'Reorg Detected',
};

/** The reorg size an alert reports (metadata.reorg_size), if it is a reorg alert. */
export function reorgSizeOf(alert: Alert): number | null {
  const size = alert.metadata?.reorg_size;
  return typeof size === 'number' && Number.isFinite(size) ? size : null;
}

/**
 * The data side reports every REORG_STARTED as an alert with metadata.reorg_size (and the block hashes);
 * the thresholds are an operations setting, so severity and title are decided here. Other alerts pass
 * unchanged; a reorg below the smallest threshold is dropped (null).
 */
export function gradeReorgAlert(alert: Alert, t: ReorgThresholds): Alert | null {
  const size = reorgSizeOf(alert);
  if (size === null) return alert;
  const severity = gradeReorg(size, t);
  if (severity === null) return null;
  const message = alert.message || `A reorg of ${size} block(s) happened on the full node.`;
  return { ...alert, title: TITLES[severity], severity, message };
}
