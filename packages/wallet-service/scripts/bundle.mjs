// Bundles the Lambda entry module (src/handlers.ts) and everything it imports into dist/lambda, the only
// thing `serverless package` zips: the workspace's hoisted node_modules are not in the service folder.
import { build } from 'esbuild';
import { fileURLToPath } from 'url';
import path from 'path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
await build({
  entryPoints: [path.join(root, 'src/handlers.ts')],
  outfile: path.join(root, 'dist/lambda/handlers.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: false,
  legalComments: 'none',
  // The nodejs22.x runtime ships AWS SDK v3; the workspace resolves it offline.
  external: ['@aws-sdk/*'],
  logLevel: 'warning',
});
