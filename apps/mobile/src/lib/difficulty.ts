import type { Difficulty } from '@chitchat/contracts';

/** The one map of difficulty levels to the words learners see, in order from easiest. */
export const DIFFICULTY_LABELS: Record<Difficulty, string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

export const DIFFICULTIES = Object.keys(DIFFICULTY_LABELS) as Difficulty[];

/** The levels as options for a Segmented control or a radio group. */
export const DIFFICULTY_OPTIONS = DIFFICULTIES.map((id) => ({ id, label: DIFFICULTY_LABELS[id] }));

export function difficultyLabel(d: Difficulty | null | undefined): string {
  return d ? DIFFICULTY_LABELS[d] : '';
}
