import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    // Node tests (API, contracts, browser e2e) and the app's component tests (happy-dom +
    // react-native-web, configured in apps/mobile/vitest.config.mts).
    projects: [
      { extends: true, test: { name: 'node', include: ['apps/api/**/*.test.ts', 'packages/**/*.test.ts'] } },
      // A browser journey is many steps against a real server: give each one room on a busy machine.
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 120_000 } },
      'apps/mobile/vitest.config.mts',
    ],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
