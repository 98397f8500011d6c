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
function npmStart(env: Record<string, string>, port: number, log: (line: string) => void): Promise<ApiProcess> {
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

const PASSWORD = 'a long learner passphrase';
const DOCUMENT = (who: string) =>
  `${who}'s biology notes.\n\nPhotosynthesis is the process by which green plants turn light energy into chemical energy. ` +
  `Chlorophyll, the green pigment in chloroplasts, absorbs red and blue light. The light reactions split water and release oxygen; ` +
  `the Calvin cycle fixes carbon dioxide into glucose. Stomata are the pores through which carbon dioxide enters the leaf.\n`;

/** The error-level lines a server process logged (pino level 50+), for the report of a failure. */
function loggedErrors(server: ApiProcess): string[] {
  return server.output
    .join('')
    .split('\n')
    .filter((l) => /"level":(5|6)0/.test(l));
}

export interface JourneyOptions {
  label: string;
  env: Record<string, string>;
  port: number;
  idleMs: number;
  checks: Checks;
}

export async function runJourney({ label, env, port, idleMs, checks }: JourneyOptions) {
  const traffic = new Traffic();
  const base = `http://127.0.0.1:${port}`;
  const began = Date.now();
  const log = (line: string) => console.log(`[${label} +${Math.round((Date.now() - began) / 1000)} s] ${line}`);
  const check = (ok: boolean, what: string, detail = '') => checks.check(ok, `[${label}] ${what}`, ok ? '' : detail);
  /** Runs one step; a throw is a failed check with the reason, not the end of the journey. */
  async function step<T>(what: string, f: () => Promise<T>): Promise<T | undefined> {
    try {
      const r = await f();
      check(true, `${what}${typeof r === 'string' ? `: ${r}` : ''}`);
      return r;
    } catch (err) {
      check(false, what, (err as Error).message);
      return undefined;
    }
  }

  const tag = crypto.randomBytes(3).toString('hex');
  const person = (name: string) => new Person(name, `${name.toLowerCase()}-${label}-${tag}@example.com`, PASSWORD);
  const [ada, ben, cleo] = ['Ada', 'Ben', 'Cleo'].map(person);
  const tutor = person('Tess');
  const learners = [ada, ben, cleo];
  const everyone = [...learners, tutor];
  const courseTitle = `Plants and light ${tag}`;
  const state: { uploads: Map<Person, string>; paths: Map<Person, any>; enrolments: Map<Person, any>; firstSession: Map<Person, string> } = {
    uploads: new Map(),
    paths: new Map(),
    enrolments: new Map(),
    firstSession: new Map(),
  };

  /** Every learner's data equals the model, and the tutor's dashboard counts the current learners. */
  async function compareAll(when: string) {
    for (const p of learners.filter((x) => !x.deleted)) {
      try {
        for (const [ok, what, detail] of await compareLearner(p)) check(ok, `${when}: ${what}`, detail);
      } catch (err) {
        check(false, `${when}: ${p.name}'s data could be read`, (err as Error).message);
      }
    }
    await step(`${when}: the tutor's dashboard counts the enrolled learners`, async () => {
      const dash = await tutor.device.api('GET', '/api/v1/tutor/dashboard');
      const expected = learners.filter((p) => !p.deleted && p.enrollments.size).length;
      if (dash.totals.learners !== expected) throw new Error(`${dash.totals.learners} learners, expected ${expected}`);
      return `${expected} learners`;
    });
  }

  let server = await npmStart(env, port, log);
  /** Ends a server's life (stop or kill) and shows what it logged as errors. */
  const ended = new WeakSet<ApiProcess>();
  async function end(how: 'stop' | 'kill') {
    await server[how]();
    if (ended.has(server)) return;
    ended.add(server);
    for (const line of loggedErrors(server).slice(0, 5)) log(`server error log: ${line.slice(0, 1500)}`);
  }
  try {
    await step('the web app is served at /', async () => {
      const res = await traffic.fetch(`${base}/`);
      const html = await res.text();
      if (res.status !== 200 || !/<div id="root"|<html/i.test(html)) throw new Error(`GET / → ${res.status} ${html.slice(0, 200)}`);
      return 'HTML';
    });

    log('minute 0–10: sign-up, onboarding, chat, notes');
    // Minute 0–10: sign up on the phone, onboarding, a first question, notes uploaded and asked about.
    await Promise.all(
      everyone.map(async (p) => {
        p.devices.push(new Device(base, traffic));
        await step(`${p.name} signs up with supabase-js`, () => p.device.signUp(p.email, p.password));
      }),
    );
    await Promise.all(
      learners.map(async (p, i) => {
        await step(`${p.name} finishes onboarding`, () => act.onboard(p, [['Biology', 'Space'], ['History'], ['Chemistry', 'Music']][i]));
        const first = await step(`${p.name} asks a first question (streamed)`, async () => {
          const turn = await act.chat(p, p.device, `Hi! Can you explain how plants make food? (${p.name})`);
          state.firstSession.set(p, turn.sessionId);
          return `${turn.answer.length} characters`;
        });
        if (first === undefined) return;
        await step(`${p.name} asks a follow-up in the same session`, async () => {
          const turn = await act.chat(p, p.device, 'And why are leaves green?', { sessionId: state.firstSession.get(p) });
          return `${turn.answer.length} characters`;
        });
        const uploadId = await step(`${p.name} uploads notes and they are processed`, async () => {
          const id = await act.upload(p, `${p.name}-biology.txt`, DOCUMENT(p.name));
          await act.uploadReady(p, id);
          return id;
        });
        if (!uploadId) return;
        state.uploads.set(p, uploadId);
        await step(`${p.name} asks about the notes and the answer cites them`, async () => {
          const turn = await act.chat(p, p.device, 'What does chlorophyll absorb, according to my notes?', { attachmentIds: [uploadId] });
          if (!turn.citations.some((c) => c.sourceType === 'document' && c.sourceId === uploadId)) throw new Error(`no citation of the notes: ${JSON.stringify(turn.citations)}`);
          return `${turn.citations.length} citations`;
        });
      }),
    );

    log('minute 10–30: a learning path, review, library, discover');
    // Minute 10–30: a learning path and its first lesson, review cards from the notes with hints,
    // things saved to the library, the discover tab.
    await Promise.all(
      learners.map(async (p) => {
        const path = await step(`${p.name} creates a learning path`, async () => {
          const created = await act.createPath(p, `Photosynthesis for ${p.name}`);
          state.paths.set(p, created);
          return `${created.lessons.length} lessons`;
        });
        if (path) await step(`${p.name} studies lesson 1`, () => act.studyLesson(p, state.paths.get(p).id, state.paths.get(p).lessons[0].id));
        const uploadId = state.uploads.get(p);
        if (uploadId) {
          await step(`${p.name} makes review cards from the notes`, async () => `${(await act.makeCards(p, { type: 'document', id: uploadId }, 4)).length} cards`);
          await step(`${p.name} reviews a card with a hint`, () => act.reviewOne(p, p.device, 'chlorophyll'));
          await step(`${p.name} saves the notes to the library`, async () => (await act.save(p, p.device, { kind: 'document', documentId: uploadId })).title);
        }
        const session = state.firstSession.get(p);
        if (session) {
          await step(`${p.name} saves an answer to the library`, async () => {
            const last = (await p.device.all(`/api/v1/chat/sessions/${session}/messages`)).find((m) => m.role === 'assistant');
            return (await act.save(p, p.device, { kind: 'message', messageId: last.id, tags: ['biology'] })).title;
          });
        }
        if (path) await step(`${p.name} saves the path to the library`, async () => (await act.save(p, p.device, { kind: 'path', pathId: state.paths.get(p).id })).title);
        await step(`${p.name} opens discover and starts a tile`, () => act.discover(p));
      }),
    );

    log('minute 30–40: a tutor’s course');
    // Minute 30–40: the tutor publishes a course; every learner finds it, enrols and takes lesson 1.
    const course = await step('Tess becomes a tutor and publishes a course', async () => (await act.publishPath(tutor, courseTitle)).title);
    if (course) {
      await Promise.all(
        learners.map(async (p) => {
          const enrolment = await step(`${p.name} enrols in the course`, () => act.enrol(p, courseTitle));
          if (!enrolment) return;
          state.enrolments.set(p, enrolment);
          await step(`${p.name} studies the course's lesson 1`, () => act.studyEnrolledLesson(p, enrolment.id, enrolment.lessons[0].id));
        }),
      );
    }
    log('minute 40–45: a second device');
    // A laptop: a second session that sees the same data and continues the phone's conversation.
    await Promise.all(
      learners.map(async (p) => {
        const laptop = new Device(base, traffic);
        const signedIn = await step(`${p.name} signs in on a laptop`, async () => {
          await laptop.signIn(p.email, p.password);
          p.devices.push(laptop);
          return 'a second session';
        });
        if (!signedIn) return;
        const session = state.firstSession.get(p);
        if (session) {
          await step(`${p.name} continues the phone's chat on the laptop, and the phone sees it`, async () => {
            const turn = await act.chat(p, laptop, 'Where does the oxygen come from?', { sessionId: session });
            const onPhone = await p.device.all(`/api/v1/chat/sessions/${session}/messages?direction=newer`);
            if (onPhone.at(-1)?.id !== turn.assistantMessageId) throw new Error('the phone does not see the laptop’s answer');
            return `${onPhone.length} messages on both`;
          });
        }
        if (p.cards.size) await step(`${p.name} reviews on the laptop`, () => act.reviewOne(p, laptop, 'oxygen'));
      }),
    );
    await compareAll('before any restart');

    log('graceful restart');
    // A graceful restart (Ctrl-C, npm start again): everything acknowledged is there, sessions live on.
    const stopping = Date.now();
    await end('stop');
    const took = Date.now() - stopping;
    const out = server.output.join('');
    check(took < 15_000 && /shutting down/.test(out) && !/shutdown failed/.test(out), 'Ctrl-C stops every process of npm start gracefully', `${took} ms; ${out.slice(-1500)}`);
    server = await npmStart(env, port, log);
    await compareAll('after a graceful restart');

    // Both devices lie idle longer than every timeout in the server (see IDLE_SECONDS); their
    // access tokens expire meanwhile. The phone first tries its old token, then refreshes; the
    // laptop refreshes its own session before its first request, as supabase-js does.
    const staleTokens = new Map(learners.map((p) => [p, p.device.session!.access_token]));
    log(`idle for ${Math.round(idleMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, idleMs));
    await Promise.all(
      learners.map(async (p) => {
        await step(`${p.name}'s expired access token is refused with token_expired`, async () => {
          const r = await p.device.request('GET', '/api/v1/profile', undefined, { token: staleTokens.get(p) });
          if (r.status !== 401 || r.body?.error?.code !== 'token_expired') throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
          return '401';
        });
        await step(`${p.name}'s phone refreshes its session with supabase-js and carries on`, async () => {
          await p.device.refresh();
          return `${(await p.device.all('/api/v1/chat/sessions')).length} sessions`;
        });
        const laptop = p.devices[1];
        if (laptop) {
          await step(`${p.name}'s laptop refreshes its own session and saves a link`, async () => {
            const before = laptop.session!.refresh_token;
            const item = await act.save(p, laptop, { kind: 'resource', url: `https://example.org/${p.name}/light`, title: 'Light and plants' });
            if (laptop.session!.refresh_token === before) throw new Error('the laptop used an expired token without refreshing');
            return item.title;
          });
        }
        const path = state.paths.get(p);
        if (path) await step(`${p.name} studies lesson 2 on the phone`, () => act.studyLesson(p, path.id, path.lessons[1].id));
        const enrolment = state.enrolments.get(p);
        if (enrolment) await step(`${p.name} studies the course's lesson 2 on the laptop`, () => act.studyEnrolledLesson(p, enrolment.id, enrolment.lessons[1].id, laptop));
      }),
    );
    await compareAll('after the idle gap');

    log('SIGKILL mid-journey');
    // SIGKILL mid-journey: Ada mid-answer, Ben mid-path, Cleo's new upload just acknowledged.
    const killed = new Promise<void>((resolve) => {
      const inFlight: Array<Promise<unknown>> = [];
      let fired = false;
      const kill = async () => {
        if (fired) return;
        fired = true;
        traffic.crashing = true;
        await end('kill');
        resolve();
      };
      if (state.firstSession.get(ada)) inFlight.push(act.chatThroughCrash(ada, state.firstSession.get(ada)!, 'Explain the Calvin cycle step by step, please.', () => void kill()).then((what) => log(`Ada's chat: ${what}`)));
      inFlight.push(
        act.createPath(ben, 'Plant cells').then(
          () => log('Ben’s path: acknowledged before the kill'),
          () => (ben.maybePathTopics.add('Plant cells'), log('Ben’s path: cut by the kill')),
        ),
      );
      inFlight.push(
        act.upload(cleo, 'Cleo-more.txt', DOCUMENT('Cleo') + 'Plants store glucose as starch.\n').then(
          () => log('Cleo’s upload: acknowledged before the kill'),
          () => (cleo.maybeUploadNames.add('Cleo-more.txt'), log('Cleo’s upload: cut by the kill')),
        ),
      );
      setTimeout(() => void kill(), 3_000);
      void Promise.allSettled(inFlight).then(() => void kill());
    });
    await killed;
    traffic.crashing = false;
    server = await npmStart(env, port, log);
    await compareAll('after a SIGKILL restart');
    for (const p of learners) await settleMaybes(p);
    // Processing interrupted by the kill finishes after the restart; an upload the kill cut short
    // is finished by the app.
    for (const p of learners) {
      for (const [id, u] of p.uploads) {
        const what = u.completed ? 'is processed after the crash' : 'is finished by the app and processed';
        await step(`${p.name}'s upload ${id.slice(0, 8)} ${what}`, async () => {
          if (!u.completed) await act.finishUpload(p, id);
          return (await act.uploadReady(p, id)).status;
        });
      }
    }

    // Carry on after the crash on both devices.
    await Promise.all(
      learners.map(async (p) => {
        const session = state.firstSession.get(p);
        if (session) await step(`${p.name} chats on after the crash`, async () => `${(await act.chat(p, p.device, 'Thanks! One more: what are stomata?', { sessionId: session })).answer.length} characters`);
        if (p.devices[1] && p.cards.size) await step(`${p.name} reviews on the laptop after the crash`, () => act.reviewOne(p, p.devices[1], 'stomata'));
      }),
    );

    log('an account deleted');
    // Cleo deletes her account; the others and the tutor are unaffected.
    const downloadUrl = state.uploads.get(cleo) ? (await cleo.device.api('GET', `/api/v1/uploads/${state.uploads.get(cleo)}`)).downloadUrl : undefined;
    await step('Cleo deletes her account', async () => {
      await cleo.device.api('DELETE', '/api/v1/profile', undefined, [204]);
      cleo.deleted = true;
      return '204';
    });
    if (cleo.deleted) {
      await step("Cleo's laptop session ends with her account", async () => {
        const r = await (cleo.devices[1] ?? cleo.device).request('GET', '/api/v1/profile');
        if (r.status !== 401) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
        return '401';
      });
      await step('Cleo can no longer sign in', async () => {
        const { error } = await new Device(base, traffic).auth.auth.signInWithPassword({ email: cleo.email, password: cleo.password });
        if (error?.status !== 400) throw new Error(`sign-in answered ${error?.status ?? 'a session'}`);
        return error.message;
      });
      await step("Cleo's public profile is gone", async () => {
        const r = await ada.device.request('GET', `/api/v1/users/${cleo.id}`);
        if (r.status !== 404) throw new Error(`${r.status}`);
        return '404';
      });
      if (downloadUrl) {
        await step("Cleo's uploaded file is gone", async () => {
          const res = await traffic.fetch(downloadUrl.startsWith('/') ? base + downloadUrl : downloadUrl);
          if (res.status !== 404) throw new Error(`the download URL handed out before the deletion answers ${res.status}`);
          return '404';
        });
      }
    }
    await compareAll('at the end');

    const stopping2 = Date.now();
    await end('stop');
    check(Date.now() - stopping2 < 15_000 && !/shutdown failed/.test(server.output.join('')), 'the server stops gracefully at the end');
  } finally {
    await end('kill');
  }
  check(traffic.serverErrors.length === 0, `no 5xx in ${traffic.requests} requests`, traffic.serverErrors.slice(0, 5).join('\n'));
  check(traffic.transportErrors.length === 0, 'no broken connection outside the SIGKILL', traffic.transportErrors.slice(0, 5).join('\n'));
}
