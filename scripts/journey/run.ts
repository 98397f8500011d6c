// One compressed first hour on one database: three learners and a tutor, over HTTP, against the
// server started with `npm start`. See scripts/journey-test.ts for what is checked and why.
import crypto from 'node:crypto';
import type { Checks } from '../lib/checks.ts';
import { startApiProcess, type ApiProcess } from '../lib/api-process.ts';
import { Device, Traffic } from './client.ts';
import { compareLearner, Person, settleMaybes } from './model.ts';
import * as act from './steps.ts';

/** `npm start` may build the web app first, and two builds at once would trip over each other. */
let startQueue: Promise<unknown> = Promise.resolve();
function npmStart(
  env: Record<string, string>,
  port: number,
  log: (line: string) => void,
): Promise<ApiProcess> {
  const started = startQueue.then(async () => {
    const t0 = Date.now();
    const server = await startApiProcess(env, { launch: 'npm-start', port, readyTimeoutMs: 300_000 });
    const built = server.output.join('').includes('Building the web app') ? ', web app rebuilt' : '';
    log(`npm start: ready on port ${port} in ${Math.round((Date.now() - t0) / 1000)} s${built}`);
    return server;
  });
  startQueue = started.catch(() => undefined);
  return started;
}

/** The error-level lines a server process logged (pino level 50+). */
function loggedErrors(server: ApiProcess): string[] {
  return server.output
    .join('')
    .split('\n')
    .filter((l) => /"level":(5|6)0/.test(l));
}

const PASSWORD = 'a long learner passphrase';
const DOCUMENT = (who: string) =>
  `${who}'s biology notes.\n\nPhotosynthesis is the process by which green plants turn light energy into chemical energy. ` +
  `Chlorophyll, the green pigment in chloroplasts, absorbs red and blue light. The light reactions split water and release oxygen; ` +
  `the Calvin cycle fixes carbon dioxide into glucose. Stomata are the pores through which carbon dioxide enters the leaf.\n`;

export interface JourneyOptions {
  label: string;
  env: Record<string, string>;
  port: number;
  idleMs: number;
  checks: Checks;
}

export async function runJourney(opts: JourneyOptions) {
  const j = new Journey(opts);
  await j.start();
  try {
    j.log('minute 0–10: sign-up, onboarding, chat, notes');
    await j.firstSteps();
    j.log('minute 10–30: a learning path, review, library, discover');
    await j.study();
    j.log('minute 30–40: a tutor’s course');
    await j.tutorCourse();
    j.log('minute 40–45: a second device');
    await j.secondDevice();
    await j.compareAll('before any restart');
    j.log('graceful restart');
    await j.gracefulRestart();
    await j.compareAll('after a graceful restart');
    j.log(`idle for ${Math.round(opts.idleMs / 1000)} s`);
    await j.idleThenCarryOn();
    await j.compareAll('after the idle gap');
    j.log('SIGKILL mid-journey');
    await j.crash();
    await j.compareAll('after a SIGKILL restart');
    await j.afterCrash();
    j.log('an account deleted');
    await j.deleteAccount();
    await j.compareAll('at the end');
    await j.finalStop();
  } finally {
    await j.end('kill');
  }
  j.checkTraffic();
}

class Journey {
  readonly traffic = new Traffic();
  readonly base: string;
  private readonly began = Date.now();
  private server!: ApiProcess;
  private readonly ended = new WeakSet<ApiProcess>();
  private lives = 0;

  private readonly tag = crypto.randomBytes(3).toString('hex');
  private readonly courseTitle = `Plants and light ${this.tag}`;
  readonly ada: Person;
  readonly ben: Person;
  readonly cleo: Person;
  readonly tutor: Person;
  readonly learners: Person[];
  /** What later steps build on: each learner's first notes, path, enrolment and chat session. */
  private readonly firstUpload = new Map<Person, string>();
  private readonly firstPath = new Map<Person, { id: string; lessons: Array<{ id: string }> }>();
  private readonly enrolment = new Map<Person, { id: string; lessons: Array<{ id: string }> }>();
  private readonly firstSession = new Map<Person, string>();

  constructor(private readonly o: JourneyOptions) {
    this.base = `http://127.0.0.1:${o.port}`;
    const person = (name: string) =>
      new Person(name, `${name.toLowerCase()}-${o.label}-${this.tag}@example.com`, PASSWORD);
    [this.ada, this.ben, this.cleo, this.tutor] = ['Ada', 'Ben', 'Cleo', 'Tess'].map(person);
    this.learners = [this.ada, this.ben, this.cleo];
  }

  log = (line: string) =>
    console.log(`[${this.o.label} +${Math.round((Date.now() - this.began) / 1000)} s] ${line}`);

  check = (ok: boolean, what: string, detail = '') =>
    this.o.checks.check(ok, `[${this.o.label}] ${what}`, ok ? '' : detail);

  /** Runs one step; a throw is a failed check with the reason, not the end of the journey. */
  async step<T>(what: string, f: () => Promise<T>): Promise<T | undefined> {
    try {
      const r = await f();
      this.check(true, `${what}${typeof r === 'string' ? `: ${r}` : ''}`);
      return r;
    } catch (err) {
      this.check(false, what, (err as Error).message);
      return undefined;
    }
  }

  async start() {
    this.server = await npmStart(this.o.env, this.o.port, this.log);
  }

  /** Ends the server's life (stop or kill); it must have logged no error (a failed job, say) meanwhile. */
  async end(how: 'stop' | 'kill') {
    await this.server[how]();
    if (this.ended.has(this.server)) return;
    this.ended.add(this.server);
    const errors = loggedErrors(this.server);
    this.check(
      errors.length === 0,
      `the server logged no error in its life #${++this.lives}`,
      errors
        .slice(0, 3)
        .map((l) => l.slice(0, 1500))
        .join('\n'),
    );
  }

  /** Every learner's data equals the model, and the tutor's dashboard counts the current learners. */
  async compareAll(when: string) {
    for (const p of this.learners.filter((x) => !x.deleted)) {
      try {
        for (const [ok, what, detail] of await compareLearner(p)) this.check(ok, `${when}: ${what}`, detail);
      } catch (err) {
        this.check(false, `${when}: ${p.name}'s data could be read`, (err as Error).message);
      }
    }
    await this.step(`${when}: the tutor's dashboard counts the enrolled learners`, async () => {
      const dash = await this.tutor.device.api('GET', '/api/v1/tutor/dashboard');
      const expected = this.learners.filter((p) => !p.deleted && p.enrollments.size).length;
      if (dash.totals.learners !== expected)
        throw new Error(`${dash.totals.learners} learners, expected ${expected}`);
      return `${expected} learners`;
    });
  }

  /** The web app, sign-up on the phone, onboarding, first questions, notes uploaded and asked about. */
  async firstSteps() {
    await this.step('the web app is served at /', async () => {
      const res = await this.traffic.fetch(`${this.base}/`);
      const html = await res.text();
      if (res.status !== 200 || !/<div id="root"|<html/i.test(html))
        throw new Error(`GET / → ${res.status} ${html.slice(0, 200)}`);
      return 'HTML';
    });
    await Promise.all(
      [...this.learners, this.tutor].map(async (p) => {
        p.devices.push(new Device(this.base, this.traffic));
        await this.step(`${p.name} signs up with supabase-js`, () => p.device.signUp(p.email, p.password));
      }),
    );
    const interests = [['Biology', 'Space'], ['History'], ['Chemistry', 'Music']];
    await Promise.all(this.learners.map((p, i) => this.firstQuestions(p, interests[i])));
  }

  private async firstQuestions(p: Person, interests: string[]) {
    await this.step(`${p.name} finishes onboarding`, () => act.onboard(p, interests));
    const first = await this.step(`${p.name} asks a first question (streamed)`, async () => {
      const turn = await act.chat(p, p.device, `Hi! Can you explain how plants make food? (${p.name})`);
      this.firstSession.set(p, turn.sessionId);
      return `${turn.answer.length} characters`;
    });
    if (first === undefined) return;
    await this.step(`${p.name} asks a follow-up in the same session`, async () => {
      const turn = await act.chat(p, p.device, 'And why are leaves green?', {
        sessionId: this.firstSession.get(p),
      });
      return `${turn.answer.length} characters`;
    });
    const uploadId = await this.step(`${p.name} uploads notes and they are processed`, async () => {
      const id = await act.upload(p, `${p.name}-biology.txt`, DOCUMENT(p.name));
      await act.uploadReady(p, id);
      return id;
    });
    if (!uploadId) return;
    this.firstUpload.set(p, uploadId);
    await this.step(`${p.name} asks about the notes and the answer cites them`, async () => {
      const turn = await act.chat(p, p.device, 'What does chlorophyll absorb, according to my notes?', {
        attachmentIds: [uploadId],
      });
      if (!turn.citations.some((c) => c.sourceType === 'document' && c.sourceId === uploadId))
        throw new Error(`no citation of the notes: ${JSON.stringify(turn.citations)}`);
      return `${turn.citations.length} citations`;
    });
  }

  /** A learning path and its first lesson, review cards from the notes with hints, the library, discover. */
  async study() {
    await Promise.all(this.learners.map((p) => this.studyAs(p)));
  }

  private async studyAs(p: Person) {
    const path = await this.step(`${p.name} creates a learning path`, async () => {
      const created = await act.createPath(p, `Photosynthesis for ${p.name}`);
      this.firstPath.set(p, created);
      return `${created.lessons.length} lessons`;
    });
    if (path)
      await this.step(`${p.name} studies lesson 1`, () =>
        act.studyLesson(p, this.firstPath.get(p)!.id, this.firstPath.get(p)!.lessons[0].id),
      );
    const uploadId = this.firstUpload.get(p);
    if (uploadId) {
      await this.step(
        `${p.name} makes review cards from the notes`,
        async () => `${(await act.makeCards(p, { type: 'document', id: uploadId }, 4)).length} cards`,
      );
      await this.step(`${p.name} reviews a card with a hint`, () =>
        act.reviewOne(p, p.device, 'chlorophyll'),
      );
      // The notes are in the library since they were read: saving them again finds the same item.
      await this.step(`${p.name} saves the notes to the library (already there)`, async () => {
        const saved = await act.save(p, p.device, { kind: 'document', documentId: uploadId }, [200]);
        if (!p.library.has(saved.id))
          throw new Error(`saving the notes made a second library item ${saved.id}`);
        return saved.title;
      });
    }
    const session = this.firstSession.get(p);
    if (session) {
      // Offline (the journey's AI), an answer is the server's notice: the library must refuse it.
      await this.step(`${p.name} cannot save an offline-mode notice to the library`, async () => {
        const last = (await p.device.all(`/api/v1/chat/sessions/${session}/messages`)).find(
          (m) => m.role === 'assistant',
        );
        await p.device.api('POST', '/api/v1/library', { kind: 'message', messageId: last.id }, [422]);
        return 'refused';
      });
    }
    if (path)
      await this.step(
        `${p.name} saves the path to the library`,
        async () => (await act.save(p, p.device, { kind: 'path', pathId: this.firstPath.get(p)!.id })).title,
      );
    await this.step(`${p.name} opens discover and starts a tile`, () => act.discover(p));
  }

  /** The tutor publishes a course; every learner finds it, enrols and takes lesson 1. */
  async tutorCourse() {
    const course = await this.step(
      'Tess becomes a tutor and publishes a course',
      async () => (await act.publishPath(this.tutor, this.courseTitle)).title,
    );
    if (!course) return;
    await Promise.all(
      this.learners.map(async (p) => {
        const enrolment = await this.step(`${p.name} enrols in the course`, () =>
          act.enrol(p, this.courseTitle),
        );
        if (!enrolment) return;
        this.enrolment.set(p, enrolment);
        await this.step(`${p.name} studies the course's lesson 1`, () =>
          act.studyEnrolledLesson(p, enrolment.id, enrolment.lessons[0].id),
        );
      }),
    );
  }

  /** A laptop: a second session that sees the same data and continues the phone's conversation. */
  async secondDevice() {
    await Promise.all(
      this.learners.map(async (p) => {
        const laptop = new Device(this.base, this.traffic);
        const signedIn = await this.step(`${p.name} signs in on a laptop`, async () => {
          await laptop.signIn(p.email, p.password);
          p.devices.push(laptop);
          return 'a second session';
        });
        if (!signedIn) return;
        const session = this.firstSession.get(p);
        if (session) {
          await this.step(
            `${p.name} continues the phone's chat on the laptop, and the phone sees it`,
            async () => {
              const turn = await act.chat(p, laptop, 'Where does the oxygen come from?', {
                sessionId: session,
              });
              const onPhone = await p.device.all(`/api/v1/chat/sessions/${session}/messages?direction=newer`);
              if (onPhone.at(-1)?.id !== turn.assistantMessageId)
                throw new Error('the phone does not see the laptop’s answer');
              return `${onPhone.length} messages on both`;
            },
          );
        }
        if (p.cards.size)
          await this.step(`${p.name} reviews on the laptop`, () => act.reviewOne(p, laptop, 'oxygen'));
      }),
    );
  }

  /** Ctrl-C, then npm start again: every process ends in time, and sessions live on. */
  async gracefulRestart() {
    const stopping = Date.now();
    await this.end('stop');
    const took = Date.now() - stopping;
    const out = this.server.output.join('');
    this.check(
      took < 15_000 && /shutting down/.test(out) && !/shutdown failed/.test(out),
      'Ctrl-C stops every process of npm start gracefully',
      `${took} ms; ${out.slice(-1500)}`,
    );
    await this.start();
  }

  /**
   * Both devices lie idle longer than every timeout in the server (see IDLE_SECONDS); their access
   * tokens expire meanwhile. The phone first tries its old token, then refreshes; the laptop
   * refreshes its own session before its first request, as supabase-js does. Then lesson 2.
   */
  async idleThenCarryOn() {
    const staleTokens = new Map(this.learners.map((p) => [p, p.device.session!.access_token]));
    await new Promise((r) => setTimeout(r, this.o.idleMs));
    await Promise.all(
      this.learners.map(async (p) => {
        await this.step(`${p.name}'s expired access token is refused with token_expired`, async () => {
          const r = await p.device.request('GET', '/api/v1/profile', undefined, {
            token: staleTokens.get(p),
          });
          if (r.status !== 401 || r.body?.error?.code !== 'token_expired')
            throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
          return '401';
        });
        await this.step(
          `${p.name}'s phone refreshes its session with supabase-js and carries on`,
          async () => {
            await p.device.refresh();
            return `${(await p.device.all('/api/v1/chat/sessions')).length} sessions`;
          },
        );
        const laptop = p.devices[1];
        if (laptop) {
          await this.step(`${p.name}'s laptop refreshes its own session and saves a link`, async () => {
            const before = laptop.session!.refresh_token;
            const item = await act.save(p, laptop, {
              kind: 'resource',
              url: `https://example.org/${p.name}/light`,
              title: 'Light and plants',
            });
            if (laptop.session!.refresh_token === before)
              throw new Error('the laptop used an expired token without refreshing');
            return item.title;
          });
        }
        const path = this.firstPath.get(p);
        if (path)
          await this.step(`${p.name} studies lesson 2 on the phone`, () =>
            act.studyLesson(p, path.id, path.lessons[1].id),
          );
        const enrolment = this.enrolment.get(p);
        if (enrolment)
          await this.step(`${p.name} studies the course's lesson 2 on the laptop`, () =>
            act.studyEnrolledLesson(p, enrolment.id, enrolment.lessons[1].id, laptop),
          );
      }),
    );
  }

  /**
   * SIGKILL mid-journey: once Ada's message is saved (her answer still streaming), with Ben's path
   * being generated, Cleo's second upload just queued for processing and her third under way;
   * then npm start again.
   */
  async crash() {
    const { ada, ben, cleo } = this;
    await this.step('Cleo uploads more notes (queued for processing)', () =>
      act.upload(cleo, 'Cleo-starch.txt', DOCUMENT('Cleo') + 'Plants store glucose as starch.\n'),
    );
    await new Promise<void>((resolve) => {
      const inFlight: Array<Promise<unknown>> = [];
      let fired = false;
      const kill = async () => {
        if (fired) return;
        fired = true;
        this.traffic.crashing = true;
        await this.end('kill');
        resolve();
      };
      const session = this.firstSession.get(ada);
      if (session)
        inFlight.push(
          act
            .chatThroughCrash(
              ada,
              session,
              'Explain the Calvin cycle step by step, please.',
              () => void kill(),
            )
            .then((what) => this.log(`Ada's chat: ${what}`)),
        );
      inFlight.push(
        act.createPath(ben, 'Plant cells').then(
          () => this.log('Ben’s path: acknowledged before the kill'),
          () => (ben.maybePathTopics.add('Plant cells'), this.log('Ben’s path: cut by the kill')),
        ),
      );
      inFlight.push(
        act.upload(cleo, 'Cleo-more.txt', DOCUMENT('Cleo') + 'Roots take up water and minerals.\n').then(
          () => this.log('Cleo’s upload: acknowledged before the kill'),
          () => (cleo.maybeUploadNames.add('Cleo-more.txt'), this.log('Cleo’s upload: cut by the kill')),
        ),
      );
      setTimeout(() => void kill(), 3_000);
      void Promise.allSettled(inFlight).then(() => void kill());
    });
    this.traffic.crashing = false;
    await this.start();
  }

  /** Uploads the kill interrupted get processed (or finished by the app), and both devices carry on. */
  async afterCrash() {
    for (const p of this.learners) await settleMaybes(p);
    for (const p of this.learners) {
      for (const [id, u] of p.uploads) {
        const what = u.completed ? 'is processed after the crash' : 'is finished by the app and processed';
        await this.step(`${p.name}'s upload ${id.slice(0, 8)} ${what}`, async () => {
          if (!u.completed) await act.finishUpload(p, id);
          return (await act.uploadReady(p, id)).status;
        });
      }
    }
    await Promise.all(
      this.learners.map(async (p) => {
        const session = this.firstSession.get(p);
        if (session)
          await this.step(
            `${p.name} chats on after the crash`,
            async () =>
              `${(await act.chat(p, p.device, 'Thanks! One more: what are stomata?', { sessionId: session })).answer.length} characters`,
          );
        if (p.devices[1] && p.cards.size)
          await this.step(`${p.name} reviews on the laptop after the crash`, () =>
            act.reviewOne(p, p.devices[1], 'stomata'),
          );
      }),
    );
  }

  /** Cleo deletes her account: her sessions, sign-in, profile and files go; the others are unaffected. */
  async deleteAccount() {
    const { cleo } = this;
    const uploadId = this.firstUpload.get(cleo);
    const downloadUrl: string | undefined = uploadId
      ? (await cleo.device.api('GET', `/api/v1/uploads/${uploadId}`)).downloadUrl
      : undefined;
    await this.step('Cleo deletes her account', async () => {
      await cleo.device.api('DELETE', '/api/v1/profile', undefined, [204]);
      cleo.deleted = true;
      return '204';
    });
    if (!cleo.deleted) return;
    await this.step("Cleo's laptop session ends with her account", async () => {
      const r = await (cleo.devices[1] ?? cleo.device).request('GET', '/api/v1/profile');
      if (r.status !== 401) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return '401';
    });
    await this.step('Cleo can no longer sign in', async () => {
      const { error } = await new Device(this.base, this.traffic).auth.auth.signInWithPassword({
        email: cleo.email,
        password: cleo.password,
      });
      if (error?.status !== 400) throw new Error(`sign-in answered ${error?.status ?? 'a session'}`);
      return error.message;
    });
    await this.step("Cleo's public profile is gone", async () => {
      const r = await this.ada.device.request('GET', `/api/v1/users/${cleo.id}`);
      if (r.status !== 404) throw new Error(`${r.status}`);
      return '404';
    });
    if (downloadUrl) {
      await this.step("Cleo's uploaded file is gone", async () => {
        const res = await this.traffic.fetch(
          downloadUrl.startsWith('/') ? this.base + downloadUrl : downloadUrl,
        );
        if (res.status !== 404)
          throw new Error(`the download URL handed out before the deletion answers ${res.status}`);
        return '404';
      });
    }
  }

  async finalStop() {
    const stopping = Date.now();
    await this.end('stop');
    this.check(
      Date.now() - stopping < 15_000 && !/shutdown failed/.test(this.server.output.join('')),
      'the server stops gracefully at the end',
    );
  }

  /** No 5xx at all, and no broken connection except those the SIGKILL broke. */
  checkTraffic() {
    const t = this.traffic;
    this.check(
      t.serverErrors.length === 0,
      `no 5xx in ${t.requests} requests`,
      t.serverErrors.slice(0, 5).join('\n'),
    );
    this.check(
      t.transportErrors.length === 0,
      'no broken connection outside the SIGKILL',
      t.transportErrors.slice(0, 5).join('\n'),
    );
  }
}
