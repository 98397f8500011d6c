import { describe, expect, it } from 'vitest';
import { formatDueAt, formatNextReview } from './dueTime';

describe('formatDueAt', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  it('shows only the time when the card is due later today in the learner’s time zone', () => {
    expect(formatDueAt('2026-12-03T13:05:00Z', 'UTC', now, 'en-GB')).toBe('13:05');
    expect(formatDueAt('2026-12-03T13:05:00Z', 'Asia/Tokyo', now, 'en-GB')).toBe('22:05');
  });
  it('adds the day when the learner’s day has changed, which depends on their zone, not the device’s', () => {
    // 23:30 UTC on the 3rd is the 4th in Tokyo (and Tokyo's "now" is still the 3rd).
    expect(formatDueAt('2026-12-03T23:30:00Z', 'UTC', now, 'en-GB')).toBe('23:30');
    expect(formatDueAt('2026-12-03T23:30:00Z', 'Asia/Tokyo', now, 'en-GB')).toBe('Fri 4 Dec, 08:30');
    expect(formatDueAt('2026-12-03T23:30:00Z', 'America/New_York', now, 'en-GB')).toBe('18:30');
  });
  it('falls back to the device’s zone for an unknown one instead of throwing', () => {
    expect(formatDueAt('2026-12-03T13:05:00Z', 'Mars/Olympus', now, 'en-GB')).toMatch(/\d{2}:\d{2}/);
  });
});

describe('formatNextReview', () => {
  it('says how many minutes when the card is back within the hour (a wrong answer: 10 minutes)', () => {
    expect(formatNextReview(10 / 1440)).toBe('in 10 minutes');
    expect(formatNextReview(1 / 1440)).toBe('in 1 minute');
    expect(formatNextReview(0)).toBe('in 1 minute');
    expect(formatNextReview(59 / 1440)).toBe('in 59 minutes');
  });
  it('hours within the day, then tomorrow and days', () => {
    expect(formatNextReview(1 / 24)).toBe('in 1 hour');
    expect(formatNextReview(5 / 24)).toBe('in 5 hours');
    expect(formatNextReview(1)).toBe('tomorrow');
    expect(formatNextReview(4.4)).toBe('in 4 days');
  });
});
