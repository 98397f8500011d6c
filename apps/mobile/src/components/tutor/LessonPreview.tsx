import type { TutorLessonPreview } from '@chitchat/contracts';
import { LessonContent } from '@/components/learning';

/**
 * A lesson's body exactly as an enrolled learner reads it: the learners' own lesson component, fed
 * the preview (the full lesson a model wrote, or its outline without a model).
 */
export function LessonPreview({ preview }: { preview: TutorLessonPreview }) {
  return <LessonContent lesson={preview} />;
}
