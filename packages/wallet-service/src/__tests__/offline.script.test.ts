import { spawnSync } from 'child_process';
import path from 'path';

/** scripts/offline.cjs refuses a runner it does not know before it bundles or starts anything. */
test('OFFLINE_RUNNER other than in-process or worker-threads stops the start with exit 2, naming the setting and the choices', () => {
  const run = spawnSync(process.execPath, [path.resolve(__dirname, '../../scripts/offline.cjs')], {
    env: { ...process.env, OFFLINE_RUNNER: 'docker', AUTH_SECRET: 'x'.repeat(32) },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({
    status: 2,
    stderr: 'OFFLINE_RUNNER must be one of in-process, worker-threads, got "docker"',
  });
});
