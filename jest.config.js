/** Jest runs the TypeScript sources directly as ES modules through ts-jest. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
  },
  testTimeout: 60000,
  // Each test caches in its own temporary folder, never in the user's ~/.cache (test/setup/isolated-cache-home.ts).
  setupFilesAfterEnv: ['<rootDir>/test/setup/isolated-cache-home.ts'],
  // Suites run in child processes: WebAssembly engines (libpg-query, PGlite, tree-sitter) stay isolated per suite.
  maxWorkers: 2,
  // A fresh worker per test file: nock (through @mswjs/interceptors) patches Node's shared http and fetch,
  // and a patch or an in-flight mocked response left by one file must not reach the next file. Jest
  // recycles a worker whose memory is over this after a file: every worker is (a 64 MB limit let a
  // small file's worker run the next file, which once failed on the previous file's response).
  workerIdleMemoryLimit: '1MB',
};
