import { describe, expect, it } from 'vitest';
import { computeStreak } from './log.ts';
import { localDate } from '../xp/clock.ts';

describe('computeStreak', () => {
  it('counts consecutive days ending today', () => {
    expect(computeStreak(['2026-03-01', '2026-03-02', '2026-03-03'], '2026-03-03')).toEqual({
      current: 3,
      longest: 3,
      activeToday: true,
      lastActiveDate: '2026-03-03',
    });
  });
  it('keeps a streak alive through today until the day is over', () => {
    expect(computeStreak(['2026-03-01', '2026-03-02'], '2026-03-03')).toMatchObject({
      current: 2,
      activeToday: false,
    });
  });
  it('breaks after a missed day but remembers the longest run, across month ends', () => {
    const days = ['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02', '2026-02-10', '2026-02-11'];
    expect(computeStreak(days, '2026-02-13')).toEqual({
      current: 0,
      longest: 4,
      activeToday: false,
      lastActiveDate: '2026-02-11',
    });
    expect(computeStreak([...days, '2026-02-12', '2026-02-12'], '2026-02-13')).toMatchObject({
      current: 3,
      longest: 4,
    });
  });
  it('is zero with no activity', () => {
    expect(computeStreak([], '2026-03-03')).toEqual({
      current: 0,
      longest: 0,
      activeToday: false,
      lastActiveDate: null,
    });
  });
});

describe('localDate', () => {
  it('uses the learner’s time zone', () => {
    const at = new Date('2026-03-03T23:30:00Z');
    expect(localDate('UTC', at)).toBe('2026-03-03');
    expect(localDate('Asia/Tokyo', at)).toBe('2026-03-04');
    expect(localDate('America/Los_Angeles', at)).toBe('2026-03-03');
    expect(localDate('Not/AZone', at)).toBe('2026-03-03');
  });
});
