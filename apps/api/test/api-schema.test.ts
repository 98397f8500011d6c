// The app's API types (apps/mobile/src/lib/api-schema.d.ts) are generated from this server's
// OpenAPI document; a committed copy that no longer matches the server means the app was type
// checked against endpoints that do not exist any more.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { generateApiSchema, SCHEMA_FILE } from '../../../scripts/api-schema.ts';

it('the committed API types match the server’s OpenAPI document (npm run api:schema)', async () => {
  const fresh = await generateApiSchema();
  expect(fresh).toContain("'/api/v1/chat/sessions/{id}'".replace(/'/g, '"'));
  expect(
    fs.readFileSync(SCHEMA_FILE, 'utf8') === fresh,
    'apps/mobile/src/lib/api-schema.d.ts is out of date: run npm run api:schema',
  ).toBe(true);
  // It builds the whole app: seconds alone, far longer beside other suites on a busy machine.
}, 120_000);
