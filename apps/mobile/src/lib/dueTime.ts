// When a review card is due, as a learner reads it: in their own time zone (Profile), not the device's.

/** "14:05" today, else "Thu 3 Dec, 09:00", in the learner's time zone (the device's when unknown or invalid). */
export function formatDueAt(iso: string, timeZone?: string, now = new Date(), locale?: string): string {
  const at = new Date(iso);
  const fmt = (opts: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat(locale, { ...opts, timeZone }).format(at);
    } catch {
      return new Intl.DateTimeFormat(locale, opts).format(at);
    }
  };
  const day = (d: Date) => {
    try {
      return new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(d);
    } catch {
      return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(
        d,
      );
    }
  };
  const time = fmt({ hour: '2-digit', minute: '2-digit' });
  return day(at) === day(now)
    ? time
    : `${fmt({ weekday: 'short', day: 'numeric', month: 'short' })}, ${time}`;
}

/**
 * When a just-answered card comes back, from its interval in days: "in 10 minutes", "in 3 hours",
 * "tomorrow", "in 4 days" (a wrong answer's card is back in minutes: say how many).
 */
export function formatNextReview(days: number): string {
  const minutes = Math.max(1, Math.round(days * 24 * 60));
  if (minutes < 60) return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  if (days < 1) {
    const hours = Math.max(1, Math.round(days * 24));
    return `in ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  const d = Math.round(days);
  return d === 1 ? 'tomorrow' : `in ${d} days`;
}
