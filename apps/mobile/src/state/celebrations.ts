// Milestones worth a moment of celebration (daily goal met, a new level, a finished path), as the
// API reports them on XP-earning responses (`milestones`, `pathFinished`). The mutations that get
// those responses call `celebrate`; <Celebration /> (mounted once in the root layout) shows them.
import type { XpMilestones } from '@chitchat/contracts';
import { useSyncExternalStore } from 'react';

export interface CelebrationItem {
  id: number;
  title: string;
  lines: string[];
}

let current: CelebrationItem | null = null;
let seq = 0;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** The celebration for one XP-earning response, or null when there is nothing to celebrate. */
export function celebrationFor(
  milestones: XpMilestones,
  pathFinished = false,
): Omit<CelebrationItem, 'id'> | null {
  const lines: string[] = [];
  if (pathFinished) lines.push('You finished every lesson in this path.');
  if (milestones.levelUp != null) lines.push(`You reached level ${milestones.levelUp}.`);
  if (milestones.dailyGoalMet) lines.push('Daily goal met: +20 XP bonus.');
  if (!lines.length) return null;
  const title = pathFinished
    ? 'Path complete!'
    : milestones.levelUp != null
      ? `Level ${milestones.levelUp}!`
      : 'Daily goal met!';
  return { title, lines };
}

/** Shows the celebration for a response (replacing one still on screen). */
export function celebrate(milestones: XpMilestones | undefined, pathFinished = false) {
  const c = milestones ? celebrationFor(milestones, pathFinished) : null;
  if (!c) return;
  current = { id: ++seq, ...c };
  emit();
}

export function dismissCelebration(id?: number) {
  if (!current || (id !== undefined && current.id !== id)) return;
  current = null;
  emit();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export function useCelebration(): CelebrationItem | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
}
