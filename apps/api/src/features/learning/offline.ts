// The offline engine's learning path: a templated OUTLINE, not lessons. It follows the classic arc
// (orientation → vocabulary → mechanics → practice → pitfalls → application → depth → capstone),
// with difficulty rising through the path, personalised with key terms from the learner's own
// material when there is some. It writes no teaching prose: an offline lesson opens as this
// outline with the learner's matching passages (service.ts). Deterministic: the same input gives
// the same path.
import type { Difficulty, GeneratedPath } from '@chitchat/contracts';
import { clip } from './quote.ts';
import { isPluralPhrase, midSentence } from './words.ts';
import { keyphrases } from './text.ts';

const HARDER: Record<Difficulty, Difficulty> = {
  beginner: 'intermediate',
  intermediate: 'advanced',
  advanced: 'advanced',
};

interface Stage {
  title: (t: string) => string;
  objectives: (t: string, k: string[]) => string[];
  outline: (t: string, k: string[]) => string[];
  exercises: (t: string, k: string[]) => string[];
}

const pick = (k: string[], i: number, fallback: string) => k[i % Math.max(k.length, 1)] ?? fallback;

/** The word agreeing with the topic: `agree(t, 'is', 'are')` — "volcanoes are", "photosynthesis is". */
const agree = (t: string, one: string, many: string) => (isPluralPhrase(t) ? many : one);

const STAGES: Stage[] = [
  {
    title: (t) =>
      `${cap(t)}: ${agree(t, 'what it is and why it matters', 'what they are and why they matter')}`,
    objectives: (t) => [
      `Explain in one paragraph what ${t} ${agree(t, 'is', 'are')}`,
      `Name three situations where ${t} ${agree(t, 'is', 'are')} useful`,
    ],
    outline: (t, k) => [
      `A plain-language definition of ${t}`,
      `Where ${t} ${agree(t, 'comes from and what problem it solves', 'come from and what problem they solve')}`,
      `A map of the main ideas${k.length ? `: ${k.slice(0, 4).join(', ')}` : ''}`,
    ],
    exercises: (t) => [
      `Write a three-sentence explanation of ${t} for a friend who has never heard of ${agree(t, 'it', 'them')}`,
      `List three places you have already met ${t}`,
    ],
  },
  {
    title: (t) => `Core vocabulary of ${t}`,
    objectives: (t, k) => [
      `Define the key terms of ${t}${k.length ? ` (${k.slice(0, 3).join(', ')})` : ''}`,
      'Use each term correctly in a sentence',
    ],
    outline: (t, k) =>
      k.length
        ? k.slice(0, 6).map((term) => `The term “${term}” and how it relates to ${t}`)
        : [`The ten words every ${t} learner needs`, 'Terms that are easy to confuse'],
    exercises: (t) => [
      `Make flashcards for the key terms of ${t} and review them`,
      'Explain the difference between two terms that are easy to confuse',
    ],
  },
  {
    title: (t) =>
      asksHow(t) ? `${cap(t)}: first principles` : `How ${t} ${agree(t, 'works', 'work')}: first principles`,
    objectives: (t) => [
      `Describe the mechanism behind ${t} step by step`,
      'Predict the outcome of a simple case',
    ],
    outline: (t, k) => [
      `The building blocks of ${t}`,
      `How ${pick(k, 0, 'the parts')} and ${pick(k, 1, 'the whole')} fit together`,
      'Walking through a simple case step by step',
    ],
    exercises: (t) => [
      asksHow(t)
        ? `Draw a diagram of ${t} and label each part`
        : `Draw a diagram of how ${t} ${agree(t, 'works', 'work')} and label each part`,
      'Trace a simple example by hand and check each step',
    ],
  },
  {
    title: (t) => `Hands-on practice with ${t}`,
    objectives: (t) => [
      `Apply ${t} to a small, well-defined problem`,
      'Check your own work against a worked solution',
    ],
    outline: (t) => [
      `A guided first exercise in ${t}`,
      'Reading and checking a worked example',
      'Practising with variations',
    ],
    exercises: (t, k) => [
      `Solve a small problem using ${pick(k, 2, t)}`,
      'Repeat the exercise with one thing changed and note what differs',
    ],
  },
  {
    title: (t) => `Common mistakes in ${t} and how to avoid them`,
    objectives: (t) => [
      `Recognise the most frequent misconceptions about ${t}`,
      'Correct a flawed explanation or solution',
    ],
    outline: (t) => [
      `Misconceptions beginners have about ${t}`,
      'Errors that look right but are not',
      'Habits that prevent mistakes',
    ],
    exercises: (t) => [
      `Find and fix the errors in a flawed explanation of ${t}`,
      'Write a checklist you will use before finishing any exercise',
    ],
  },
  {
    title: (t) => `Applying ${t} to a real problem`,
    objectives: (t) => [
      `Choose the right approach from ${t} for a realistic problem`,
      'Justify the choice in writing',
    ],
    outline: (t) => [
      `Framing a real problem so ${t} applies`,
      'Comparing two approaches and their trade-offs',
      'Communicating the result',
    ],
    exercises: (t) => [
      `Apply ${t} to a problem from your own life or work and write up the result`,
      'Compare your approach with an alternative and note the trade-offs',
    ],
  },
  {
    title: (t) => `Going deeper into ${t}`,
    objectives: (t) => [`Connect ${t} to neighbouring subjects`, 'Read and critique a more advanced source'],
    outline: (t, k) => [
      `Advanced ideas built on ${pick(k, 3, t)}`,
      asksHow(t)
        ? `${cap(t)}: links to related fields`
        : `How ${t} ${agree(t, 'connects', 'connect')} to related fields`,
      'Open questions and where experts disagree',
    ],
    exercises: (t) => [
      `Summarise an advanced article or chapter about ${t} in your own words`,
      'Write down two questions you still have and try to answer one',
    ],
  },
  {
    title: (t) => `Capstone: a ${t} project`,
    objectives: (t) => [
      `Plan and complete a small project that uses ${t} end to end`,
      'Reflect on what you learned and what to learn next',
    ],
    outline: () => [
      'Choosing a project of the right size',
      'Planning, doing and checking the work',
      'Presenting the result and reflecting',
    ],
    exercises: (t) => [
      `Complete a small project that uses ${t} and share it with someone`,
      'Write a short reflection: what was hard, what you would do differently',
    ],
  },
];

/** A topic already phrased "How …" ("How plants make food"): "How How plants make food works" is no title. */
const asksHow = (topic: string) => /^how\b/i.test(topic);

const MINUTES: Record<Difficulty, number> = { beginner: 30, intermediate: 45, advanced: 60 };

export function offlineLearningPath(
  input: { topic: string; difficulty: Difficulty; goal?: string; hoursPerWeek?: number },
  material: string[] = [],
): GeneratedPath {
  // Inside a sentence: "Apply photosynthesis to …" (titles starting with it are capitalised).
  const topic = midSentence(input.topic);
  const terms = material.length ? keyphrases(material.join('\n'), 8) : [];
  const count = { beginner: 6, intermediate: 7, advanced: 8 }[input.difficulty];
  // Lessons chosen from the arc; an advanced learner skips the very first orientation lesson.
  const stages = input.difficulty === 'advanced' ? STAGES.slice(1, 1 + count) : STAGES.slice(0, count);
  const lessons = stages.map((s, i) => {
    // Difficulty rises through the path: the last third is one level up (capped at advanced).
    const level = i >= Math.ceil((stages.length * 2) / 3) ? HARDER[input.difficulty] : input.difficulty;
    // Templates around a 200-character topic can outgrow the contract's limits: clip, never fail.
    return {
      title: clip(s.title(topic), 200),
      objectives: s.objectives(topic, terms).map((x) => clip(x, 300)),
      outline: s.outline(topic, terms).map((x) => clip(x, 300)),
      exercises: s.exercises(topic, terms).map((x) => clip(x, 500)),
      estimatedMinutes: MINUTES[level],
      difficulty: level,
    };
  });
  const minutes = lessons.reduce((a, l) => a + l.estimatedMinutes, 0);
  const hours = Math.max(1, Math.round(minutes / 60));
  const weeks = input.hoursPerWeek ? Math.max(1, Math.ceil(hours / input.hoursPerWeek)) : null;
  return {
    title: clip(
      `${cap(topic)}: ${/^[aeiou]/i.test(input.difficulty) ? 'an' : 'a'} ${input.difficulty} path`,
      200,
    ),
    // No lesson count: the app shows it beside the path, and a tutor may add or remove lessons.
    description: clip(
      `A path from ${input.difficulty} to ${lessons.at(-1)?.difficulty ?? input.difficulty} level in ${topic}` +
        (input.goal ? `, aimed at your goal: ${input.goal}` : '') +
        (weeks
          ? `. At ${input.hoursPerWeek} h a week it takes about ${weeks} week${weeks > 1 ? 's' : ''}.`
          : '.'),
      2000,
    ),
    objectives: [
      `Explain ${topic} in your own words`,
      `Apply ${topic} to concrete problems and check your work`,
      ...(input.goal
        ? [`Make progress towards: ${input.goal}`]
        : [`Complete a small project using ${topic}`]),
    ].map((x) => clip(x, 300)),
    estimatedHours: hours,
    lessons,
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
