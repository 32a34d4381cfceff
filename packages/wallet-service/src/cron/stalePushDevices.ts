import { containerApp, type App } from '../app';
import { deleteStaleDevices } from '../data/pushDevices';

/**
 * deleteStalePushDevices (api-spec §8): a device nobody registered or updated for
 * PUSH_DEVICE_STALE_AFTER_DAYS is most likely an uninstalled app, whose token FCM would refuse anyway;
 * the apps re-register on start, so a live device is never older than that.
 */
export interface StaleDevicesSummary {
  deleted: number;
  /** Unix seconds: devices last written before this were deleted. */
  before: number;
}

/** Rows per DELETE: short statements, so the register routes never wait long on the cron's locks. */
export const STALE_BATCH = 1000;

export async function deleteStaleDevicesNow(app: Pick<App, 'pool' | 'log' | 'clock' | 'config'>, batch = STALE_BATCH): Promise<StaleDevicesSummary> {
  const started = performance.now();
  const before = app.clock() - app.config.PUSH_DEVICE_STALE_AFTER_DAYS * 86_400;
  let deleted = 0;
  try {
    for (;;) {
      const n = await deleteStaleDevices(app.pool, before, batch);
      deleted += n;
      if (n < batch) break;
    }
  } catch (err) {
    app.log.error('deleting stale push devices failed; the next run tries again', { deleted, before, err });
    throw err;
  }
  app.log.info('stale push devices deleted', { deleted, before, durationMs: Math.round(performance.now() - started) });
  return { deleted, before };
}

/** The scheduled function (serverless.yml `schedule`): the event carries nothing it needs. */
export async function deleteStalePushDevices(): Promise<StaleDevicesSummary> {
  return deleteStaleDevicesNow(containerApp());
}
