// Bundles the Lambda entry module (src/handlers.ts) and everything it imports into dist/lambda, the only
// thing `serverless package` zips: the workspace's hoisted node_modules are not in the service folder.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'fs';
import { fileURLToPath } from 'url';
import path from 'path';
import process from 'process';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const FIREBASE = path.join(root, 'src/push/firebaseAdmin.ts');

// firebase-admin (megabytes, with google-auth and gRPC pieces) is needed by txPushRequested alone, and only
// when push is on: it gets a file of its own, firebaseAdmin.js beside handlers.js, which src/push/fcm.ts
// requires at its first send. Every other function's cold start parses none of it.
const firebaseApart = {
  name: 'firebase-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/firebaseAdmin$/ }, (args) =>
      path.join(args.resolveDir, 'firebaseAdmin.ts') === FIREBASE && args.importer !== FIREBASE ? { path: './firebaseAdmin.js', external: true } : undefined,
    );
  },
};

const result = await build({
  entryPoints: { handlers: path.join(root, 'src/handlers.ts'), firebaseAdmin: FIREBASE },
  outdir: path.join(root, 'dist/lambda'),
  plugins: [firebaseApart],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Smaller to parse on every cold start; names are kept for stack traces, and the source map maps back.
  minify: true,
  keepNames: true,
  // The shared package from its sources (ES modules) rather than its CommonJS build, so what the API does
  // not use of it (and of zod, through it) is left out.
  alias: { '@wallet-service/common': path.join(root, '../common/src/index.ts') },
  legalComments: 'none',
  // The nodejs22.x runtime ships AWS SDK v3; the workspace resolves it offline.
  external: ['@aws-sdk/*'],
  logLevel: 'warning',
  write: false,
});
// Each file is replaced by a rename, never rewritten in place: a serverless-offline already running on
// this bundle loads a function's handler on its first request, and must never read a half-written file
// while another start (or `serverless package`) bundles again. The partial files are written next to
// dist/lambda, not in it, so a concurrent package never zips one.
for (const file of result.outputFiles) {
  mkdirSync(path.dirname(file.path), { recursive: true });
  const partial = path.join(root, 'dist', `.${path.basename(file.path)}.${process.pid}.tmp`);
  writeFileSync(partial, file.contents);
  renameSync(partial, file.path);
}
