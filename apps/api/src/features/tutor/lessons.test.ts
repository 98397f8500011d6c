import { describe, expect, it } from 'vitest';
import type { LessonPlan } from '@chitchat/contracts';
import { effectiveProgress, isComplete, numberLessons, reviseLessons } from './lessons.ts';
import { dailySeries, funnel } from './dashboard.ts';

const plan = (title: string) => ({
  title,
  objectives: ['o'],
  outline: ['x'],
  exercises: ['e'],
  estimatedMinutes: 30,
  difficulty: 'beginner' as const,
});
const withId = (id: string, title = id): LessonPlan => ({ ...plan(title), id });

describe('lesson ids', () => {
  it('numbers new lessons after the counter', () => {
    expect(numberLessons([plan('a'), plan('b')], 0)).toMatchObject({
      lessons: [{ id: 'l1' }, { id: 'l2' }],
      counter: 2,
    });
    expect(numberLessons([plan('c')], 7)).toMatchObject({ lessons: [{ id: 'l8' }], counter: 8 });
  });

  it('revises in place, reorders, removes, and never reuses a removed id', () => {
    const current = [withId('l1'), withId('l2'), withId('l3')];
    const r = reviseLessons(
      current,
      [{ ...plan('three'), id: 'l3' }, plan('new'), { ...plan('one'), id: 'l1' }],
      3,
    );
    expect(r.lessons.map((l) => [l.id, l.title])).toEqual([
      ['l3', 'three'],
      ['l4', 'new'],
      ['l1', 'one'],
    ]);
    expect(r.counter).toBe(4);
    // l2 was removed: adding a lesson later gives l5, not l2.
    expect(reviseLessons(r.lessons, [...r.lessons, plan('later')], r.counter).lessons.at(-1)!.id).toBe('l5');
  });

  it('refuses unknown and repeated ids with a 400', () => {
    expect(() => reviseLessons([withId('l1')], [{ ...plan('x'), id: 'l9' }], 1)).toThrow(/no lesson 'l9'/);
    expect(() =>
      reviseLessons(
        [withId('l1')],
        [
          { ...plan('x'), id: 'l1' },
          { ...plan('y'), id: 'l1' },
        ],
        1,
      ),
    ).toThrow(/twice/);
    let err: unknown;
    try {
      reviseLessons([], [{ ...plan('x'), id: 'l1' }], 0);
    } catch (e) {
      err = e;
    }
    expect((err as { statusCode?: number } | undefined)?.statusCode).toBe(400);
  });
});

describe('progress against the current lessons', () => {
  it('drops removed lessons and counts added ones', () => {
    const stored = {
      completed_lessons: ['l1', 'l2', 'l3'],
      current_lesson: null,
      completion_percentage: 100,
    };
    const p = effectiveProgress(stored, ['l1', 'l3', 'l4']);
    expect(p).toEqual({ completedLessons: ['l1', 'l3'], currentLesson: 'l4', completionPercentage: 67 });
    expect(isComplete(p, ['l1', 'l3', 'l4'])).toBe(false);
    expect(isComplete(effectiveProgress(stored, ['l3', 'l1']), ['l3', 'l1'])).toBe(true);
    expect(effectiveProgress(null, [])).toEqual({
      completedLessons: [],
      currentLesson: null,
      completionPercentage: 0,
    });
    expect(isComplete(effectiveProgress(stored, []), [])).toBe(false);
  });
});

describe('dashboard figures', () => {
  it('fills the last 30 UTC days, oldest first', () => {
    const s = dailySeries({ '2026-03-01': 2, '2026-02-01': 5 }, new Date('2026-03-01T23:30:00Z'));
    expect(s).toHaveLength(30);
    expect(s[0]!.date).toBe('2026-01-31');
    expect(s.at(-1)).toEqual({ date: '2026-03-01', count: 2 });
    expect(s.find((d) => d.date === '2026-02-01')!.count).toBe(5);
    expect(s.reduce((a, d) => a + d.count, 0)).toBe(7);
  });

  it('drop-off is how many completed the previous step but not this one', () => {
    const f = funnel(
      [withId('l1'), withId('l2'), withId('l3')],
      new Map([
        ['l1', 8],
        ['l2', 5],
        ['l3', 6],
      ]),
      10,
    );
    expect(f.map((x) => [x.lessonId, x.position, x.completed, x.dropOff])).toEqual([
      ['l1', 1, 8, 2],
      ['l2', 2, 5, 3],
      ['l3', 3, 6, 0], // out-of-order completions never make a negative drop-off
    ]);
  });
});
