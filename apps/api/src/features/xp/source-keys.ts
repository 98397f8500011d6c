// The source keys XP awards are recorded under (xp_events.source_key, unique per learner), built
// and read in one place: the awarding features build them here, and XP history reads them back to
// name what each award was for.
//   lesson:<table>:<id>:<lessonId>    a lesson of a learner's own path or of an enrolment
//   path-finished:<table>:<id>        that path or enrolment finished
//     either may end in #<identity>: what the lesson (or path) is, whatever row it sits in now
//     (lessonIdentity / pathIdentity), so a deleted and recreated path pays nothing again
//   review:<cardId>:<reps>            a review card answered correctly at that repetition
//   daily-goal:<local date>           the daily goal met on that day
import crypto from 'node:crypto';
import { normalize } from '../learning/text.ts';

export type ProgressTable = 'learning_paths' | 'path_enrollments';

const identity = (kind: string, parts: string[]) =>
  crypto
    .createHash('sha256')
    .update([kind, ...parts].join('\n'))
    .digest('hex')
    .slice(0, 16);

/** What a lesson is, however reached: its path's topic and its own title, normalised (null: untitled). */
export function lessonIdentity(subject: string, lessonTitle: string | undefined): string | null {
  const title = normalize(lessonTitle ?? '');
  return title ? identity('lesson', [normalize(subject), title]) : null;
}

/** What a path is, however reached: its topic and its lessons' titles (in any order), normalised. */
export function pathIdentity(subject: string, lessonTitles: (string | undefined)[]): string | null {
  const titles = lessonTitles.map((t) => normalize(t ?? ''));
  if (!titles.length || titles.some((t) => !t)) return null;
  return identity('path', [normalize(subject), ...titles.sort()]);
}

const tail = (identity?: string | null) => (identity ? `#${identity}` : '');

export const xpSourceKey = {
  lesson: (table: ProgressTable, id: string, lessonId: string, identity?: string | null) =>
    `lesson:${table}:${id}:${lessonId}${tail(identity)}`,
  pathFinished: (table: ProgressTable, id: string, identity?: string | null) =>
    `path-finished:${table}:${id}${tail(identity)}`,
  review: (cardId: string, reps: number) => `review:${cardId}:${reps}`,
  dailyGoal: (date: string) => `daily-goal:${date}`,
};

export type XpSource =
  | { kind: 'lesson'; table: ProgressTable; id: string; lessonId: string }
  | { kind: 'path'; table: ProgressTable; id: string }
  | { kind: 'card'; cardId: string }
  | { kind: 'day'; date: string };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TABLE = '(learning_paths|path_enrollments)';
const IDENTITY = '(?:#[0-9a-f]{16})?';
const LESSON = new RegExp(`^lesson:${TABLE}:(${UUID}):(.+?)${IDENTITY}$`, 'i');
const PATH = new RegExp(`^path-finished:${TABLE}:(${UUID})${IDENTITY}$`, 'i');
const REVIEW = new RegExp(`^review:(${UUID}):\\d+$`, 'i');
const DAY = /^daily-goal:(\d{4}-\d{2}-\d{2})$/;

/** What a source key names, or null for a key that names no one thing (a test's or an old bonus). */
export function parseXpSourceKey(key: string): XpSource | null {
  let m = LESSON.exec(key);
  if (m)
    return { kind: 'lesson', table: group(m, 1) as ProgressTable, id: group(m, 2), lessonId: group(m, 3) };
  m = PATH.exec(key);
  if (m) return { kind: 'path', table: group(m, 1) as ProgressTable, id: group(m, 2) };
  m = REVIEW.exec(key);
  if (m) return { kind: 'card', cardId: group(m, 1) };
  m = DAY.exec(key);
  if (m) return { kind: 'day', date: group(m, 1) };
  return null;
}
const group = (m: RegExpExecArray, i: number) => m[i] ?? '';
