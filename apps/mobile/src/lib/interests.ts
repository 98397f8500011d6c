import type { IconName } from '@/components/ui';

/** The interests offered at onboarding and on Profile (stored in preferences.interests by label). */
export const INTERESTS = [
  { id: 'science', label: 'Science', icon: 'flask-outline' },
  { id: 'math', label: 'Maths', icon: 'calculator-outline' },
  { id: 'history', label: 'History', icon: 'hourglass-outline' },
  { id: 'languages', label: 'Languages', icon: 'language-outline' },
  { id: 'coding', label: 'Coding', icon: 'code-slash-outline' },
  { id: 'art', label: 'Art & design', icon: 'color-palette-outline' },
  { id: 'music', label: 'Music', icon: 'musical-notes-outline' },
  { id: 'business', label: 'Business', icon: 'trending-up-outline' },
] as const satisfies readonly { id: string; label: string; icon: IconName }[];
