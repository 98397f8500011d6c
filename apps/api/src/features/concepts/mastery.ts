// Mastery of a concept, from the FSRS state of its cards and its recent answers. Not stored:
// retrievability falls with time, so it is computed when read.
//   mastery = 0.5 × mean retrievability now (reviewed cards)
//           + 0.4 × accuracy of its latest answers (reviews and practice; the retrievability when none)
//           + 0.1 × mean stability, capped at 21 days
// A concept none of whose cards has been answered is `unknown` (null), never 0.
import { fsrs, generatorParameters, State, type CardInput } from 'ts-fsrs';
import type { MasteryLevel } from '@chitchat/contracts';

const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));

export const RECENT_ANSWERS = 5;
const STABILITY_CAP_DAYS = 21;
export const WEAK_BELOW = 0.6;
export const STRONG_FROM = 0.85;
/** A reviewed card whose recall probability now is below this is fading. */
export const FADING_BELOW = 0.8;

export interface MasteryCard {
  fsrs: Record<string, unknown>;
}
export interface Answer {
  correct: boolean;
  at: Date;
}
export interface Mastery {
  mastery: number | null;
  retrievability: number | null;
  level: MasteryLevel;
}

const reviewed = (c: MasteryCard) =>
  ((c.fsrs.state as State | undefined) ?? State.New) !== State.New && !!c.fsrs.last_review;

/** The probability (0–1) of recalling the card now; null for a card never reviewed. */
export function retrievability(card: MasteryCard, now: Date): number | null {
  if (!reviewed(card)) return null;
  const r = scheduler.get_retrievability(card.fsrs as unknown as CardInput, now, false);
  return Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : null;
}

export const levelOf = (m: number | null): MasteryLevel =>
  m === null ? 'unknown' : m < WEAK_BELOW ? 'weak' : m < STRONG_FROM ? 'learning' : 'strong';

const round = (x: number) => Math.round(x * 1000) / 1000;

export function masteryOf(cards: MasteryCard[], answers: Answer[], now = new Date()): Mastery {
  const rs = cards.map((c) => retrievability(c, now)).filter((r): r is number => r !== null);
  const recent = [...answers].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, RECENT_ANSWERS);
  if (!rs.length && !recent.length) return { mastery: null, retrievability: null, level: 'unknown' };
  const r = rs.length ? rs.reduce((a, b) => a + b, 0) / rs.length : null;
  const accuracy = recent.length ? recent.filter((a) => a.correct).length / recent.length : null;
  const stabilities = cards
    .filter(reviewed)
    .map((c) => Number(c.fsrs.stability))
    .filter(Number.isFinite);
  const s = stabilities.length
    ? Math.min(1, stabilities.reduce((a, b) => a + b, 0) / stabilities.length / STABILITY_CAP_DAYS)
    : 0;
  const rr = r ?? accuracy ?? 0;
  const m = round(Math.min(1, Math.max(0, 0.5 * rr + 0.4 * (accuracy ?? rr) + 0.1 * s)));
  return { mastery: m, retrievability: r === null ? null : round(r), level: levelOf(m) };
}
