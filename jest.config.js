// One jest run covers every package. Sources are transpiled by swc (type checking is `yarn typecheck`),
// and workspace imports resolve to the sources so tests never run against stale dist/ output (the root
// tsconfig.json's paths, which lint reads types through, map them the same way: keep the two in step).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/db', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  moduleNameMapper: {
    '^@wallet-service/common$': '<rootDir>/packages/common/src/index.ts',
    '^@wallet-service/common/(.*)$': '<rootDir>/packages/common/src/$1',
    '^fullnode-simulator$': '<rootDir>/packages/fullnode-simulator/src/index.ts',
    '^daemon$': '<rootDir>/packages/daemon/src/index.ts',
  },
  testTimeout: 60000,
};
