'use strict';
// `yarn typecheck`: every TypeScript file of the repository is type-checked, tests included.
//
// Sources are checked (and emitted to dist/) by the build project of their package, `tsconfig.json`; tests
// and test support by a `tsconfig.test.json` beside it (db/ and scripts/ have one too) that extends
// tsconfig.test.base.json, emits nothing and references the build project. Both kinds are found on disk,
// so a new package is checked as soon as it has them. A .ts file that no project includes would go
// unchecked (swc only strips types), and a test in a build project would be emitted to dist/: both fail
// here, before tsc runs. So does a .ts file outside the root tsconfig.json, the one program `yarn lint`
// reads types from.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
// Dependencies, build output and tool state (.git, .yarn, .serverless, .bench …) hold no sources of ours.
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage']);
const TS_FILE = /\.[cm]?tsx?$/;
const DECLARATION = /\.d\.[cm]?ts$/;
const TEST_FILE = /(\.test\.[cm]?tsx?$)|([/\\]__tests__[/\\])/;
// A build project of a package that has no sources yet (only its manifest) is not an error.
const NO_INPUTS = 18003;

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.'))) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function projectFiles(configPath) {
  const diagnostics = [];
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d) };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, host);
  diagnostics.push(...(parsed?.errors ?? []).filter((d) => d.code !== NO_INPUTS));
  if (diagnostics.length > 0) {
    const format = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    process.stderr.write(ts.formatDiagnostics(diagnostics, format));
    process.exit(1);
  }
  return parsed.fileNames.map((f) => path.resolve(f));
}

const rel = (f) => path.relative(ROOT, f);

const files = walk(ROOT, []);
const rootConfig = path.join(ROOT, 'tsconfig.json');
const buildConfigs = files.filter((f) => path.basename(f) === 'tsconfig.json' && f !== rootConfig);
const testConfigs = files.filter((f) => path.basename(f) === 'tsconfig.test.json');

const covered = new Set();
const problems = [];
for (const config of buildConfigs) {
  for (const f of projectFiles(config)) {
    covered.add(f);
    if (TEST_FILE.test(rel(f))) problems.push(`${rel(f)} is in the build project ${rel(config)}: it would be emitted to dist/`);
  }
}
for (const config of testConfigs) for (const f of projectFiles(config)) covered.add(f);

const linted = new Set(projectFiles(rootConfig));

for (const f of files) {
  if (!TS_FILE.test(f) || DECLARATION.test(f)) continue;
  if (!covered.has(f)) {
    const dir = rel(f).split(path.sep).slice(0, rel(f).startsWith('packages') ? 2 : 1).join('/');
    problems.push(`${rel(f)} is in no TypeScript project: add ${dir}/tsconfig.test.json (see tsconfig.test.base.json)`);
  }
  if (!linted.has(f)) problems.push(`${rel(f)} is outside the include of tsconfig.json, which lint reads types from`);
}
if (problems.length > 0) {
  for (const p of problems) console.error(`typecheck: ${p}`);
  process.exit(1);
}

const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-b', ...buildConfigs.map(rel), ...testConfigs.map(rel)], { cwd: ROOT, stdio: 'inherit' });
process.exit(result.status ?? 1);
