// Tutor-path steps shared by the tutor test files: each call asserts its status and parses the
// reply with the contract.
import { expect } from 'vitest';
import { EnrollmentDetail, TutorPath } from '@chitchat/contracts';
import { expectErrorShape, type TestUser } from './harness.ts';
import type { Database, Tx } from '../src/platform/db/index.ts';

export async function createPath(t: TestUser, body: Record<string, unknown>) {
  const res = await t.api.post('/api/v1/tutor/paths', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return TutorPath.parse(res.body);
}

export async function publish(t: TestUser, id: string) {
  const res = await t.api.post(`/api/v1/tutor/paths/${id}/publish`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return TutorPath.parse(res.body);
}

export async function enroll(u: TestUser, pathId: string) {
  const res = await u.api.post(`/api/v1/catalog/paths/${pathId}/enroll`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return EnrollmentDetail.parse(res.body);
}

export const expect404 = (res: { status: number; body: any }, what: string) => {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(404);
  expectErrorShape(res.body);
};

/** `asRole(userId, fn)`: runs `fn` as the app's database role with `userId`'s claim, then rolls back. */
export const asRoleOn =
  (db: () => Database) =>
  async <T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const rollback = new Error('rollback');
    let value: T;
    await db()
      .asUser(userId, async (tx) => {
        value = await fn(tx);
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
    return value!;
  };
