// The access-control matrix's fixture registry: for each kind of object a route can name by id,
// how a learner creates one through the HTTP API. The matrix (access-control.test.ts) finds the
// fixture for every route with a path parameter by the longest matching URL prefix; a route with
// no fixture FAILS, naming the fixture to add here, so coverage cannot lapse silently.
//
// Every object a fixture makes should be private to its owner (a draft, not a published path) and
// carry `env.canary` in some private text: the matrix checks that the canary never reaches another
// user's responses.
import { signUp, type TestServer, type TestUser } from '../harness.ts';

export interface FixtureEnv {
  server: TestServer;
  user: TestUser;
  /** A unique string to put in the object's private text. */
  canary: string;
}

export interface Fixture {
  /** Route URL prefix with its parameters, exactly as registered: '/api/v1/chat/sessions/:id'. */
  prefix: string;
  /** Creates the user's object(s); returns a value for every path parameter up to `prefix`. */
  create(env: FixtureEnv): Promise<Record<string, string>>;
}

const must = (res: { status: number; body: any }, what: string) => {
  if (res.status >= 300) throw new Error(`fixture ${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const CELL_NOTES = [
  'The mitochondrion is the organelle that produces most of the cell’s energy.',
  'Ribosomes build proteins from amino acids in the cytoplasm.',
  'The nucleus stores the cell’s DNA and controls its activity.',
  'The cell membrane controls what enters and leaves the cell.',
].join('\n');

/** A private text document, uploaded as the app does: init, PUT the bytes to the signed URL, complete. */
async function uploadNotes(user: TestUser, text: string): Promise<string> {
  const bytes = Buffer.from(text);
  const init = must(
    await user.api.post('/api/v1/uploads/init', {
      fileName: 'notes.txt',
      fileType: 'text/plain',
      fileSize: bytes.length,
    }),
    'upload init',
  );
  const put = await user.api.fetchUrl(init.uploadUrl, { method: 'PUT', headers: init.headers, body: bytes });
  if (!put.ok) throw new Error(`fixture upload PUT: ${put.status} ${await put.text()}`);
  must(await user.api.post(`/api/v1/uploads/${init.uploadId}/complete`, {}), 'upload complete');
  return init.uploadId;
}

export const FIXTURES: Fixture[] = [
  {
    prefix: '/api/v1/users/:id',
    async create({ user, canary }) {
      // Private parts of a profile: preferences and email (the public view must not show them).
      must(await user.api.patch('/api/v1/profile', { preferences: { learningGoals: [canary] } }), 'profile');
      return { id: user.id };
    },
  },
  {
    prefix: '/api/v1/learning-paths/:id/lessons/:lessonId',
    async create({ user, canary }) {
      const path = must(
        await user.api.post('/api/v1/learning-paths', {
          topic: 'Photosynthesis basics',
          goal: `pass the exam ${canary}`,
        }),
        'learning path',
      );
      // Opened, so that completing it is allowed (a lesson never opened is 409 lesson_not_opened).
      must(
        await user.api.get(`/api/v1/learning-paths/${path.id}/lessons/${path.lessons[0].id}`),
        'open lesson',
      );
      return { id: path.id, lessonId: path.lessons[0].id };
    },
  },
  {
    prefix: '/api/v1/review/cards/:id',
    async create({ user, canary }) {
      // From an uploaded document once processed (an offline-outlined path is no material for cards).
      const id = await uploadNotes(user, `${CELL_NOTES}\nThe secret word is ${canary}.\n`);
      for (
        let i = 0;
        i < 100 && must(await user.api.get(`/api/v1/uploads/${id}`), 'upload').status !== 'ready';
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      const cards = must(
        await user.api.post('/api/v1/review/generate', { source: { type: 'document', id }, count: 2 }),
        'review cards',
      );
      // The same notes for one owner again make no copies of the cards it already has: use one of those.
      const card = cards.items[0] ?? must(await user.api.get('/api/v1/review/cards'), 'cards').items[0];
      return { id: card.id };
    },
  },
  {
    prefix: '/api/v1/concepts/:id',
    async create({ user, canary }) {
      // A processed document's key concepts join the learner's concept map.
      const id = await uploadNotes(user, `${CELL_NOTES}\nThe secret word is ${canary}.\n`);
      for (
        let i = 0;
        i < 100 && must(await user.api.get(`/api/v1/uploads/${id}`), 'upload').status !== 'ready';
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      const made = must(
        await user.api.post('/api/v1/concepts/cards', { source: { type: 'document', id } }),
        'concept cards',
      );
      return { id: made.concepts[0].id };
    },
  },
  {
    prefix: '/api/v1/library/:id',
    async create({ user, canary }) {
      const item = must(
        await user.api.post('/api/v1/library', {
          kind: 'resource',
          url: 'https://example.org/notes',
          title: 'My notes',
          note: `private note ${canary}`,
        }),
        'library item',
      );
      return { id: item.id };
    },
  },
  {
    prefix: '/api/v1/discover/tiles/:tileId',
    async create({ user, canary }) {
      // Today's tiles are per learner (from their interests); another learner's tile id must not
      // start anything. A private interest makes this learner's tiles (and ids) their own.
      must(
        await user.api.patch('/api/v1/profile', {
          preferences: { interests: [`astronomy ${canary.slice(-8)}`] },
        }),
        'interests',
      );
      const tiles = must(await user.api.get('/api/v1/discover/tiles'), 'discover tiles');
      return { tileId: tiles.tiles[0].id };
    },
  },
  {
    prefix: '/api/v1/tutor/paths/:id/lessons/:lessonId',
    async create({ user, canary }) {
      // A lesson of a tutor's draft (editing and previewing it are the tutor's alone).
      await becomeTutor(user);
      const path = must(
        await user.api.post('/api/v1/tutor/paths', {
          title: 'Draft with lessons',
          description: `draft lesson notes ${canary}`,
          lessons: [TUTOR_LESSON],
        }),
        'tutor draft path with a lesson',
      );
      return { id: path.id, lessonId: path.lessons[0].id };
    },
  },
  {
    prefix: '/api/v1/tutor/paths/:id',
    async create({ user, canary }) {
      // A tutor's draft (private until published), with the canary in its description.
      await becomeTutor(user);
      const path = must(
        await user.api.post('/api/v1/tutor/paths', {
          title: 'Draft path',
          description: `draft notes ${canary}`,
          lessons: [TUTOR_LESSON],
        }),
        'tutor draft path',
      );
      return { id: path.id };
    },
  },
  {
    prefix: '/api/v1/catalog/paths/:id',
    async create({ user, canary }) {
      // Another draft: the catalog and enrolment must treat it as absent for everyone else.
      await becomeTutor(user);
      const path = must(
        await user.api.post('/api/v1/tutor/paths', {
          title: 'Catalog draft',
          description: `unpublished ${canary}`,
          lessons: [TUTOR_LESSON],
        }),
        'catalog draft',
      );
      return { id: path.id };
    },
  },
  {
    prefix: '/api/v1/enrollments/:id/lessons/:lessonId',
    async create({ server, user }) {
      // The user's enrolment in a path published by a helper tutor (only the enrolment id is the user's).
      const helper = await signUp(server, 'helper-tutor');
      await becomeTutor(helper);
      const path = must(
        await helper.api.post('/api/v1/tutor/paths', { title: 'Published path', lessons: [TUTOR_LESSON] }),
        'helper path',
      );
      must(await helper.api.post(`/api/v1/tutor/paths/${path.id}/publish`), 'publish helper path');
      const enrollment = must(await user.api.post(`/api/v1/catalog/paths/${path.id}/enroll`), 'enrolment');
      // Opened, so that completing it is allowed (a lesson never opened is 409 lesson_not_opened).
      must(await user.api.get(`/api/v1/enrollments/${enrollment.id}/lessons/l1`), 'open enrolled lesson');
      return { id: enrollment.id, lessonId: 'l1' };
    },
  },
  {
    prefix: '/api/v1/chat/sessions/:id',
    async create({ user, canary }) {
      const turn = must(
        await user.api.post('/api/v1/chat', { message: `Please remember my locker code ${canary}` }),
        'chat turn',
      );
      return { id: turn.sessionId };
    },
  },
  {
    prefix: '/api/v1/chat/messages/:id',
    async create({ user, canary }) {
      const turn = must(
        await user.api.post('/api/v1/chat', { message: `My private question about ${canary}` }),
        'chat turn',
      );
      return { id: turn.userMessageId };
    },
  },
  {
    prefix: '/api/v1/uploads/:id',
    async create({ user, canary }) {
      return { id: await uploadNotes(user, `Private study notes.\nThe secret word is ${canary}.\n`) };
    },
  },
  {
    prefix: '/api/v1/tutors/:id',
    async create({ user }) {
      await becomeTutor(user);
      return { id: user.id };
    },
  },
];

const TUTOR_LESSON = {
  title: 'Lesson one',
  objectives: ['o'],
  outline: ['x'],
  exercises: ['e'],
  estimatedMinutes: 30,
  difficulty: 'beginner',
};
async function becomeTutor(user: TestUser) {
  const res = await user.api.post('/api/v1/tutor/profile', { headline: 'Tutor' });
  if (res.status !== 201 && res.status !== 409) must(res, 'tutor profile');
}

/**
 * Routes whose id names an object every signed-in user may see by design. The matrix still checks
 * them: another user gets a 2xx but never the owner's private text (canary) or email.
 */
export const PUBLIC_BY_DESIGN: Record<string, string> = {
  'GET /api/v1/users/:id': 'public profile: display name, avatar, bio, XP, tutor flag only',
  'GET /api/v1/tutors/:id': 'public tutor page: tutor profile and published paths only',
};

/**
 * The matrix's positive control calls every route as the owner of a fresh fixture, with a sample
 * body, and expects a 2xx (so a route broken for everyone fails). Routes listed here need a step
 * first, or answer the owner with another documented status: the step or status, and why.
 */
export interface OwnerCall {
  /** Brings the fresh fixture into the state the route acts on. */
  before?: (user: TestUser, params: Record<string, string>) => Promise<void>;
  /** The documented answer when it is not a 2xx. */
  status?: number;
  why: string;
}
const publish = async (user: TestUser, { id }: Record<string, string>) => {
  must(await user.api.post(`/api/v1/tutor/paths/${id}/publish`), 'publish');
};
export const OWNER_CALLS: Record<string, OwnerCall> = {
  'POST /api/v1/chat/messages/:id/retry': {
    status: 409,
    why: 'the fixture’s message was answered: only a failed turn can be retried (not_retryable)',
  },
  'POST /api/v1/chat/messages/:id/regenerate': {
    status: 409,
    why: 'the fixture’s id is the question, not its answer: only an answer can be regenerated (not_regenerable)',
  },
  'POST /api/v1/chat/messages/:id/retry/stream': {
    status: 409,
    why: 'as its JSON twin: only a failed turn can be retried (not_retryable)',
  },
  'POST /api/v1/chat/messages/:id/regenerate/stream': {
    status: 409,
    why: 'as its JSON twin: only an answer can be regenerated (not_regenerable)',
  },
  'POST /api/v1/tutor/paths/:id/archive': {
    before: publish,
    why: 'only a published path can be archived (a draft is 409 path_is_draft)',
  },
  'GET /api/v1/catalog/paths/:id': {
    before: publish,
    why: 'the fixture is a draft, absent from the catalog until published',
  },
  'POST /api/v1/catalog/paths/:id/enroll': {
    before: publish,
    status: 409,
    why: 'published, the path is in the catalog, but its own tutor cannot enrol in it (own_path; enrolling others is the enrolments fixture)',
  },
  'POST /api/v1/uploads/:id/complete': {
    status: 409,
    why: 'the fixture completed the upload (a 2xx it checks): completing again is 409 already_completed',
  },
  'POST /api/v1/uploads/:id/retry': {
    status: 409,
    why: 'the fixture’s upload did not fail: only a failed upload can be retried',
  },
};

/**
 * Body fields typed as UUIDs that are not references to another object (e.g. a client-chosen
 * idempotency key): the matrix does not expect 404 for them, only that nothing leaks or changes.
 */
export const NOT_REFERENCES: Record<string, string[]> = {};

/**
 * Rows another user may read through SQL by design (as B with B's claim), with the reason. Keyed
 * by relation name; anything else holding A's ids or text fails the sweep.
 */
export const PUBLIC_RELATIONS: Record<string, string> = {
  public_profiles: "view of users' public columns (display name, avatar, bio, XP, tutor flag)",
  tutor_profiles: 'a tutor profile is a public page',
};
