// Offline curiosity tiles: each seed topic (interests first, then recent activity) seen from an
// angle that rotates by day, so the Discover tab changes daily without a model. A tile's `topic`
// (what a path or chat is about) is the subject itself: the offline outline's templates read
// "<topic>: what it is and why it matters", which a phrase such as "myths about X" would garble.
import { clip } from '../learning/quote.ts';
import { isPluralPhrase } from '../learning/words.ts';
import { stableHash } from '../learning/text.ts';

const ANGLES: Array<{
  emoji: string;
  title: (t: string, u?: string) => string;
  description: (t: string, u?: string) => string;
  topic: (t: string, u?: string) => string;
}> = [
  {
    emoji: '🧭',
    title: (t) => `How ${t} began`,
    description: (t) =>
      `The surprising origins of ${t} and the people who shaped ${isPluralPhrase(t) ? 'them' : 'it'}.`,
    topic: (t) => t,
  },
  {
    emoji: '🧩',
    title: (t) => `${t} in everyday life`,
    description: (t) =>
      `Where ${t} quietly ${isPluralPhrase(t) ? 'show' : 'shows'} up in things you use every day.`,
    topic: (t) => t,
  },
  {
    emoji: '⚡',
    title: (t) => `One big idea in ${t}`,
    description: (t) => `A single concept that changed how people think about ${t}.`,
    topic: (t) => t,
  },
  {
    emoji: '❓',
    title: (t) => `Myths about ${t}`,
    description: (t) => `Things many people believe about ${t} that turn out to be wrong.`,
    topic: (t) => t,
  },
  {
    emoji: '🛠️',
    title: (t) => `A 10-minute challenge: ${t}`,
    description: (t) => `A small hands-on exercise to try ${t} for yourself today.`,
    topic: (t) => t,
  },
  {
    emoji: '🔭',
    title: (t) => `The frontier of ${t}`,
    description: (t) => `Open questions in ${t} that experts are still working on.`,
    topic: (t) => t,
  },
  {
    emoji: '🔗',
    title: (t, u) => (u ? `${t} meets ${u}` : `${t} and its neighbours`),
    description: (t, u) =>
      u ? `What happens where ${t} and ${u} overlap.` : `The fields ${t} borrows from, and lends to.`,
    topic: (t, u) => (u ? `${t} and ${u}` : t),
  },
];

const FALLBACK = [
  'astronomy',
  'human memory',
  'the chemistry of cooking',
  'ancient Rome',
  'machine learning',
  'music theory',
];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function offlineTiles(input: { interests: string[]; recent: string[]; date: string; count: number }) {
  const seeds = [...new Set([...input.interests, ...input.recent].map((s) => s.trim()).filter(Boolean))];
  const topics = seeds.length ? seeds : FALLBACK;
  const tiles: Array<{ emoji: string; title: string; description: string; topic: string }> = [];
  for (let i = 0; tiles.length < input.count && i < input.count * 2; i++) {
    const t = topics[i % topics.length];
    const other = topics.length > 1 ? topics[(i + 1) % topics.length] : undefined;
    const angle = ANGLES[(stableHash(`${input.date}:${t}`) + Math.floor(i / topics.length)) % ANGLES.length];
    if (t === undefined || !angle) continue;
    tiles.push({
      emoji: angle.emoji,
      title: clip(cap(angle.title(t, other)), 80),
      description: clip(angle.description(t, other), 240),
      topic: clip(angle.topic(t, other), 200),
    });
  }
  // Distinct titles only.
  return tiles.filter((x, i) => tiles.findIndex((y) => y.title === x.title) === i);
}
