import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/api/**/*.test.ts', 'packages/**/*.test.ts', 'apps/mobile/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
