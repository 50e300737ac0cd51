/**
 * ESM Jest over TypeScript; the testbed's services are started once for the whole run.
 * Plain JavaScript on purpose: Jest loads a `jest.config.ts` only through ts-node or Node's native
 * type stripping (Node ≥ 22.18), and neither exists on the Node 20 these machines run.
 *
 * @type {import('jest').Config}
 */
const config = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/__tests__/support/global-setup.js',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.js',
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
