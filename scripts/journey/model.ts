// What each person was told was saved (a 2xx, or an SSE event announcing the saved row), and the
// comparison of that model with what the API returns. A SIGKILL may lose only what was never
// acknowledged: writes in flight at the kill are kept apart as "maybe" and may be there or not.
import type { Device } from './client.ts';

export interface ChatLine {
  role: 'user' | 'assistant';
  /** Undefined for an answer in flight at a kill, whose text was never seen. */
  content?: string;
}

export interface PendingUpload {
  uploadUrl: string;
  headers: Record<string, string>;
  bytes: Buffer;
  /** A PUT of the bytes was sent (its answer may have been lost to a crash). */
  putSent?: boolean;
  completed: boolean;
}

export class Person {
  readonly devices: Device[] = [];
  displayName = '';
  interests: string[] = [];
  dailyGoal = 0;
  xp = 0;
  /** Chat sessions and their acknowledged messages, in order. */
  readonly sessions = new Map<string, ChatLine[]>();
  /** Messages in flight at a kill: may be missing, or followed by an answer not yet seen. */
  readonly maybeMessages = new Map<string, ChatLine[]>();
  /** Uploads acknowledged by init; `completed` once the completion was acknowledged too. */
  readonly uploads = new Map<string, PendingUpload>();
  /** Learning path id → completed lesson ids. */
  readonly paths = new Map<string, Set<string>>();
  /** Topics of paths whose creation was in flight at a kill: at most one path each. */
  readonly maybePathTopics = new Set<string>();
  /** File names of uploads whose start was in flight at a kill: at most one upload each. */
  readonly maybeUploadNames = new Set<string>();
  /** Review card id → acknowledged answers (reps). */
  readonly cards = new Map<string, number>();
  /** Review card id → the expected answer the server showed after an answer. */
  readonly answers = new Map<string, string>();
  readonly library = new Set<string>();
  /** Enrolment id → completed lesson ids. */
  readonly enrollments = new Map<string, Set<string>>();
  deleted = false;

  constructor(
    public readonly name: string,
    public readonly email: string,
    public readonly password: string,
  ) {}

  get device(): Device {
    return this.devices[0];
  }

  get id(): string {
    return this.device.session!.user.id;
  }

  /** XP the server reported with an award: the model adds the award and must reach the same total. */
  earned(awarded: number, totalReported: number): boolean {
    this.xp += awarded;
    return this.xp === totalReported;
  }

  addLines(sessionId: string, ...lines: ChatLine[]) {
    this.sessions.set(sessionId, [...(this.sessions.get(sessionId) ?? []), ...lines]);
  }
}

export type Finding = [ok: boolean, what: string, detail?: string];

const sameSet = (a: Iterable<string>, b: Iterable<string>) => {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};
const diff = (expected: Iterable<string>, actual: Iterable<string>) => {
  const e = new Set(expected);
  const a = new Set(actual);
  const missing = [...e].filter((v) => !a.has(v));
  const extra = [...a].filter((v) => !e.has(v));
  return `missing ${JSON.stringify(missing.slice(0, 5))}, unexpected ${JSON.stringify(extra.slice(0, 5))}`;
};

const matches = (expected: ChatLine, actual: ChatLine) =>
  expected.role === actual.role && (expected.content === undefined || expected.content === actual.content);

/** The acknowledged lines must be there, in order and once; after them only maybe lines, in order. */
export function sameChat(acked: ChatLine[], maybe: ChatLine[], actual: ChatLine[]): boolean {
  if (actual.length < acked.length || !acked.every((l, i) => matches(l, actual[i]))) return false;
  let next = 0;
  for (const line of actual.slice(acked.length)) {
    while (next < maybe.length && !matches(maybe[next], line)) next++;
    if (next++ === maybe.length) return false;
  }
  return true;
}

/** Compares everything the model holds for one learner with what the API returns now. */
export async function compareLearner(p: Person): Promise<Finding[]> {
  const d = p.device;
  const out: Finding[] = [];

  const profile = await d.api('GET', '/api/v1/profile');
  out.push([
    profile.displayName === p.displayName &&
      profile.preferences.onboarded === true &&
      sameSet(profile.preferences.interests ?? [], p.interests) &&
      profile.preferences.dailyGoal === p.dailyGoal,
    `${p.name}: profile and onboarding answers as saved`,
    JSON.stringify({ displayName: profile.displayName, preferences: profile.preferences }),
  ]);

  const xp = await d.api('GET', '/api/v1/xp');
  const ledger = (await d.all('/api/v1/xp/events')).reduce((sum, e) => sum + e.amount, 0);
  out.push([
    xp.xp === p.xp && profile.xp === p.xp && ledger === p.xp,
    `${p.name}: XP ${p.xp} as awarded (ledger sums to it)`,
    `xp ${xp.xp}, profile ${profile.xp}, ledger ${ledger}`,
  ]);

  const sessions = (await d.all('/api/v1/chat/sessions')).map((s) => s.id);
  const expectedSessions = new Set([...p.sessions.keys(), ...p.maybeMessages.keys()]);
  out.push([
    sameSet(sessions, expectedSessions),
    `${p.name}: chat sessions as acknowledged (${expectedSessions.size})`,
    diff(expectedSessions, sessions),
  ]);
  let chatProblem = '';
  for (const id of expectedSessions) {
    const actual = (await d.all(`/api/v1/chat/sessions/${id}/messages?direction=newer`)).map((m) => ({
      role: m.role,
      content: m.content,
    }));
    if (!sameChat(p.sessions.get(id) ?? [], p.maybeMessages.get(id) ?? [], actual))
      chatProblem ||= `session ${id}: ${JSON.stringify(actual.map((l) => `${l.role}: ${l.content.slice(0, 40)}`))}`;
  }
  const lines = [...p.sessions.values()].reduce((n, s) => n + s.length, 0);
  out.push([
    !chatProblem,
    `${p.name}: every acknowledged chat message there once, in order (${lines})`,
    chatProblem,
  ]);

  const uploads = await d.all('/api/v1/uploads');
  const unacked = uploads.filter((u) => !p.uploads.has(u.id));
  const unackedOk =
    unacked.every((u) => p.maybeUploadNames.has(u.fileName)) &&
    new Set(unacked.map((u) => u.fileName)).size === unacked.length;
  out.push([
    uploads.length - unacked.length === p.uploads.size && unackedOk,
    `${p.name}: uploads as acknowledged (${p.uploads.size})`,
    diff(
      p.uploads.keys(),
      uploads.map((u) => u.id),
    ),
  ]);

  const paths = await d.all('/api/v1/learning-paths');
  const maybe = paths.filter((x) => !p.paths.has(x.id));
  const maybeOk =
    maybe.every((x) => p.maybePathTopics.has(x.topic)) &&
    new Set(maybe.map((x) => x.topic)).size === maybe.length;
  const acked = paths.filter((x) => p.paths.has(x.id));
  out.push([
    acked.length === p.paths.size && maybeOk,
    `${p.name}: learning paths as acknowledged (${p.paths.size})`,
    diff(
      p.paths.keys(),
      paths.map((x) => x.id),
    ),
  ]);
  const wrongProgress = acked.filter((x) => !sameSet(x.progress.completedLessons, p.paths.get(x.id)!));
  out.push([
    !wrongProgress.length,
    `${p.name}: completed lessons as acknowledged`,
    JSON.stringify(wrongProgress.map((x) => [x.id, x.progress.completedLessons])),
  ]);

  const cards = await d.all('/api/v1/review/cards');
  const wrongReps = cards.filter((c) => p.cards.get(c.id) !== c.reps);
  out.push([
    sameSet(
      cards.map((c) => c.id),
      p.cards.keys(),
    ) && !wrongReps.length,
    `${p.name}: review cards and their answers as acknowledged (${p.cards.size})`,
    diff(
      p.cards.keys(),
      cards.map((c) => c.id),
    ) + ` reps off: ${JSON.stringify(wrongReps.map((c) => [c.id, c.reps, p.cards.get(c.id)]))}`,
  ]);

  // What the learner saved, plus every upload of theirs the server has read (processing puts it in
  // the library: an upload in flight at a check may already be there or not yet).
  const library = await d.all('/api/v1/library');
  const readUpload = (i: any) =>
    i.kind === 'document' && (p.uploads.has(i.source?.id) || unacked.some((u) => u.id === i.source?.id));
  const extra = library.filter((i) => !p.library.has(i.id));
  out.push([
    [...p.library].every((id) => library.some((i) => i.id === id)) && extra.every(readUpload),
    `${p.name}: library as saved, plus the uploads read (${p.library.size})`,
    diff(
      p.library,
      library.map((i) => i.id),
    ),
  ]);

  const enrollments = await d.all('/api/v1/enrollments');
  const wrongEnrolment = enrollments.filter(
    (e) => !p.enrollments.has(e.id) || !sameSet(e.progress.completedLessons, p.enrollments.get(e.id)!),
  );
  out.push([
    enrollments.length === p.enrollments.size && !wrongEnrolment.length,
    `${p.name}: enrolments and their progress as acknowledged (${p.enrollments.size})`,
    JSON.stringify(enrollments.map((e) => [e.id, e.progress.completedLessons])),
  ]);
  return out;
}

/**
 * After a crash has been checked: what survived of the writes in flight becomes part of the model
 * (the learner now sees it), so later comparisons are exact again.
 */
export async function settleMaybes(p: Person) {
  for (const id of p.maybeMessages.keys()) {
    const actual = await p.device.all(`/api/v1/chat/sessions/${id}/messages?direction=newer`);
    p.sessions.set(
      id,
      actual.map((m) => ({ role: m.role, content: m.content })),
    );
  }
  p.maybeMessages.clear();
  for (const path of await p.device.all('/api/v1/learning-paths')) {
    if (!p.paths.has(path.id) && p.maybePathTopics.has(path.topic))
      p.paths.set(path.id, new Set(path.progress.completedLessons));
  }
  p.maybePathTopics.clear();
  // An upload whose start the crash cut short cannot be finished by the app (it never got the
  // signed URL): the learner removes it.
  for (const u of await p.device.all('/api/v1/uploads')) {
    if (!p.uploads.has(u.id) && p.maybeUploadNames.has(u.fileName))
      await p.device.api('DELETE', `/api/v1/uploads/${u.id}`, undefined, [204]);
  }
  p.maybeUploadNames.clear();
}
