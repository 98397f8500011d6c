import { describe, expect, it } from 'vitest';
import { byline, isLessonId, isUuid, legacyLearningHref, nextLessonId } from './format';

const lessons = [{ id: 'l1' }, { id: 'l2' }, { id: 'l3' }];
const ID = '3f8a1c2e-9b4d-4e6f-8a1b-2c3d4e5f6a7b';

describe('nextLessonId', () => {
  it('is the current lesson while it is not done', () => {
    expect(nextLessonId({ currentLesson: 'l2' }, lessons, new Set(['l1']))).toBe('l2');
  });
  it('skips a current lesson already completed: the first not completed', () => {
    expect(nextLessonId({ currentLesson: 'l1' }, lessons, new Set(['l1']))).toBe('l2');
    expect(nextLessonId({ currentLesson: null }, lessons, new Set(['l1', 'l2']))).toBe('l3');
  });
  it('is the first lesson when all are done (read again), and nothing for an empty path', () => {
    expect(nextLessonId({}, lessons, new Set(['l1', 'l2', 'l3']))).toBe('l1');
    expect(nextLessonId({}, [], new Set())).toBeUndefined();
  });
});

describe('route parameters', () => {
  it('only a UUID can be a path or enrolment id (anything else is not found, without a request)', () => {
    expect(isUuid(ID)).toBe(true);
    expect(isUuid('not-a-path')).toBe(false);
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid([ID])).toBe(false);
  });
  it('a lesson id is 1–100 characters', () => {
    expect(isLessonId('l1')).toBe(true);
    expect(isLessonId('')).toBe(false);
    expect(isLessonId('x'.repeat(101))).toBe(false);
  });
});

describe('legacyLearningHref: old /learning-path?… links', () => {
  it('lead to the route showing the same thing', () => {
    expect(legacyLearningHref({ id: ID, lesson: 'l2' })).toEqual({
      pathname: '/paths/[id]/lessons/[lessonId]',
      params: { id: ID, lessonId: 'l2' },
    });
    expect(legacyLearningHref({ id: ID })).toEqual({ pathname: '/paths/[id]', params: { id: ID } });
    expect(legacyLearningHref({ catalog: ID })).toEqual({ pathname: '/catalog/[id]', params: { id: ID } });
    expect(legacyLearningHref({ enrollment: ID })).toEqual({
      pathname: '/enrollments/[id]',
      params: { id: ID },
    });
    expect(legacyLearningHref({ enrollment: ID, lesson: 'l1' })).toEqual({
      pathname: '/enrollments/[id]/lessons/[lessonId]',
      params: { id: ID, lessonId: 'l1' },
    });
    expect(legacyLearningHref({ topic: 'Volcanoes' })).toEqual({
      pathname: '/paths',
      params: { topic: 'Volcanoes' },
    });
    expect(legacyLearningHref({})).toBe('/paths');
  });
});

describe('byline', () => {
  it('names the tutor, or says the path stays with its learners when the tutor left', () => {
    expect(byline({ displayName: 'Ahab', headline: 'Sailing' } as never)).toBe('By Ahab · Sailing');
    expect(byline(null)).toMatch(/^Former tutor/);
  });
});
