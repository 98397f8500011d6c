// Tutor-path steps shared by the tutor test files: each call asserts its status and parses the
// reply with the contract.
import { expect } from 'vitest';
import { EnrollmentDetail, TutorPath } from '@chitchat/contracts';
import type { TestUser } from './harness.ts';

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
