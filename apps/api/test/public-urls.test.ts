// URLs the API hands out (avatars, signed upload and download URLs) never come from request
// headers: a forged Host or X-Forwarded-Host must not choose where other learners' browsers load
// an avatar from. Without PUBLIC_URL they are relative to the API's origin; with it, under it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  signUp,
  startServer,
  type TestDatabase,
  type TestServer,
  type TestUser,
} from './harness.ts';
import { makePng } from './uploads-fixtures.ts';

// One database for the three servers here (a PGlite costs seconds to start).
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const FORGED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

/** POST /profile/avatar through inject, so the Host header is exactly what we send. */
async function postAvatar(server: TestServer, user: TestUser) {
  const png = await makePng(64, 64);
  const boundary = 'forged-host-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="me.png"\r\ncontent-type: image/png\r\n\r\n`,
    ),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/profile/avatar',
    headers: {
      ...FORGED,
      authorization: `Bearer ${user.token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().avatarUrl as string;
}

/** init + a fresh download URL of a completed upload, both asked for with forged headers. */
async function signedUrls(server: TestServer, user: TestUser) {
  const bytes = Buffer.from('notes about photosynthesis\n');
  const headers = { ...FORGED, authorization: `Bearer ${user.token}` };
  const init = await server.app.inject({
    method: 'POST',
    url: '/api/v1/uploads/init',
    headers,
    payload: { fileName: 'n.txt', fileType: 'text/plain', fileSize: bytes.length },
  });
  expect(init.statusCode, init.body).toBe(201);
  const { uploadId, uploadUrl, headers: putHeaders } = init.json();
  expect(
    (await user.api.fetchUrl(uploadUrl, { method: 'PUT', headers: putHeaders, body: bytes })).status,
  ).toBe(200);
  const done = await server.app.inject({
    method: 'POST',
    url: `/api/v1/uploads/${uploadId}/complete`,
    headers,
    payload: {},
  });
  expect(done.statusCode, done.body).toBe(202);
  const got = await server.app.inject({ method: 'GET', url: `/api/v1/uploads/${uploadId}`, headers });
  return { uploadUrl: uploadUrl as string, downloadUrl: got.json().downloadUrl as string };
}

describe.each([
  ['development', 'test'],
  // Production trusts the proxy's X-Forwarded-* headers for the client's address: still not for URLs.
  ['production', 'production'],
])('without PUBLIC_URL (%s)', (_name, nodeEnv) => {
  let server: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    server = await startServer({ db: database.db, env: { NODE_ENV: nodeEnv } });
    user = await signUp(server, 'host');
  });
  afterAll(async () => server?.close());

  it('a forged Host or X-Forwarded-Host does not choose the avatar URL: it is relative to the API', async () => {
    const avatarUrl = await postAvatar(server, user);
    expect(avatarUrl).not.toContain('evil.example');
    expect(avatarUrl).toMatch(new RegExp(`^/storage/v1/public/avatars/${user.id}/avatar\\.jpg\\?v=\\d+$`));
    // What other learners load is that same relative URL, and it serves the image.
    expect((await user.api.get('/api/v1/profile')).body.avatarUrl).toBe(avatarUrl);
    const img = await user.api.fetchUrl(avatarUrl);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
  });

  it('signed upload and download URLs are relative to the API too', async () => {
    const { uploadUrl, downloadUrl } = await signedUrls(server, user);
    for (const url of [uploadUrl, downloadUrl]) {
      expect(url).not.toContain('evil.example');
      expect(url).toMatch(new RegExp(`^/storage/v1/object/user-uploads/${user.id}/`));
    }
    expect(await (await user.api.fetchUrl(downloadUrl)).text()).toBe('notes about photosynthesis\n');
  });
});

describe('with PUBLIC_URL', () => {
  let server: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    server = await startServer({ db: database.db, env: { PUBLIC_URL: 'https://learn.example.org' } });
    user = await signUp(server, 'public');
  });
  afterAll(async () => server?.close());

  it('every URL is under PUBLIC_URL, whatever the request says', async () => {
    const avatarUrl = await postAvatar(server, user);
    expect(avatarUrl).toMatch(
      new RegExp(
        `^https://learn\\.example\\.org/storage/v1/public/avatars/${user.id}/avatar\\.jpg\\?v=\\d+$`,
      ),
    );
    const init = await server.app.inject({
      method: 'POST',
      url: '/api/v1/uploads/init',
      headers: { ...FORGED, authorization: `Bearer ${user.token}` },
      payload: { fileName: 'n.txt', fileType: 'text/plain', fileSize: 10 },
    });
    expect(init.json().uploadUrl).toMatch(
      new RegExp(`^https://learn\\.example\\.org/storage/v1/object/user-uploads/${user.id}/`),
    );
  });
});
