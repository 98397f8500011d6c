// The API half of scripts/backup-roundtrip.sh (docs/deploy.md, "Backups"): starts the real server
// (apps/api/src/main.ts, as a deployment does) on DATABASE_URL and DATA_DIR, and
//   fill   <state.json>  signs a learner up, chats (offline engine), creates a learning path and
//                        uploads a document, and writes what the server acknowledged to state.json;
//   verify <state.json>  on the restored database and storage: the learner signs in with the same
//                        password and sees the same conversation, path and upload (the bytes too),
//                        and can still write (grants, sequences and row-level security came back).
// Prints one line per check and exits non-zero on any failure.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { startApiProcess, type ApiProcess } from './lib/api-process.ts';
import { Checks } from './lib/checks.ts';
import { Device, Traffic } from './journey/client.ts';

interface State {
  email: string;
  password: string;
  userId: string;
  sessionId: string;
  messages: Array<{ role: string; content: string }>;
  path: { id: string; title: string; lessons: string[] };
  upload: { id: string; fileName: string; sha256: string; summary: string | null };
}

const [mode, stateFile] = process.argv.slice(2);
if ((mode !== 'fill' && mode !== 'verify') || !stateFile) {
  console.error(
    'usage: backup-roundtrip.ts fill|verify <state.json>   (DATABASE_URL, DATA_DIR, JWT_SECRET from the environment)',
  );
  process.exit(2);
}
for (const v of ['DATABASE_URL', 'DATA_DIR', 'JWT_SECRET']) {
  if (!process.env[v]) {
    console.error(`${v} must be set`);
    process.exit(2);
  }
}

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
const checks = new Checks();

/** The session's messages, oldest first, as role + content. */
async function conversation(d: Device, sessionId: string) {
  const page = await d.api('GET', `/api/v1/chat/sessions/${sessionId}/messages?direction=newer&limit=100`);
  return (page.items as Array<{ role: string; content: string }>).map((m) => ({
    role: m.role,
    content: m.content,
  }));
}

async function waitReady(d: Device, id: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    const u = await d.api('GET', `/api/v1/uploads/${id}`);
    if (u.status === 'ready' || u.status === 'failed' || Date.now() > until) return u;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function fill(base: string, traffic: Traffic) {
  const d = new Device(base, traffic);
  const email = `backup-${crypto.randomBytes(4).toString('hex')}@example.org`;
  const password = `pw-${crypto.randomBytes(9).toString('base64url')}`;
  await d.signUp(email, password);
  const userId = d.session!.user.id;

  const first = await d.api('POST', '/api/v1/chat', { message: 'What does a mitochondrion do?' });
  await d.api('POST', '/api/v1/chat', { message: 'And a ribosome?', sessionId: first.sessionId });
  const messages = await conversation(d, first.sessionId);
  checks.check(messages.length === 4, 'a conversation of two turns is saved', `${messages.length} messages`);

  const path = await d.api(
    'POST',
    '/api/v1/learning-paths',
    { topic: 'Cell biology', difficulty: 'beginner' },
    [201],
  );
  checks.check(path.lessons.length > 0, 'a learning path is created', `${path.lessons.length} lessons`);

  const bytes = Buffer.from(
    'Cells: the nucleus holds DNA; mitochondria make ATP; ribosomes build proteins.\n'.repeat(20),
  );
  const init = await d.api(
    'POST',
    '/api/v1/uploads/init',
    { fileName: 'cells.txt', fileType: 'text/plain', fileSize: bytes.length },
    [201],
  );
  const put = await d.put(init.uploadUrl, init.headers, bytes);
  checks.check(put.status === 200, 'the upload is stored through its signed URL', String(put.status));
  await d.api('POST', `/api/v1/uploads/${init.uploadId}/complete`, { sha256: sha256(bytes) }, [202]);
  const upload = await waitReady(d, init.uploadId);
  checks.check(upload.status === 'ready', 'the upload is processed', upload.error ?? upload.status);

  const state: State = {
    email,
    password,
    userId,
    sessionId: first.sessionId,
    messages,
    path: { id: path.id, title: path.title, lessons: path.lessons.map((l: { title: string }) => l.title) },
    upload: {
      id: init.uploadId,
      fileName: 'cells.txt',
      sha256: sha256(bytes),
      summary: upload.analysis?.summary ?? null,
    },
  };
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
}

async function verify(base: string, traffic: Traffic) {
  const s: State = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  const d = new Device(base, traffic);
  await d.signIn(s.email, s.password);
  checks.check(
    d.session?.user.id === s.userId,
    'the learner signs in with the same password and is the same account',
  );

  const sessions = await d.all('/api/v1/chat/sessions');
  checks.check(
    sessions.some((x) => x.id === s.sessionId),
    'the conversation is in the session list',
  );
  const messages = await conversation(d, s.sessionId);
  checks.check(
    JSON.stringify(messages) === JSON.stringify(s.messages),
    'the conversation reads back message for message',
    `${messages.length} messages`,
  );

  const path = await d.api('GET', `/api/v1/learning-paths/${s.path.id}`);
  checks.check(
    path.title === s.path.title &&
      JSON.stringify(path.lessons.map((l: { title: string }) => l.title)) === JSON.stringify(s.path.lessons),
    'the learning path reads back with its lessons',
    `${path.lessons.length} lessons`,
  );

  const upload = await d.api('GET', `/api/v1/uploads/${s.upload.id}`);
  checks.check(
    upload.status === 'ready' &&
      upload.fileName === s.upload.fileName &&
      (upload.analysis?.summary ?? null) === s.upload.summary,
    'the upload reads back, processed, with its analysis',
  );
  const file = await traffic.fetch(new URL(upload.downloadUrl, base));
  const got = new Uint8Array(await file.arrayBuffer());
  checks.check(
    file.status === 200 && sha256(got) === s.upload.sha256,
    'the upload’s bytes download through a fresh signed URL (storage restored)',
    `${file.status}, ${got.length} bytes`,
  );

  // Writing after the restore: grants, sequences, triggers and row-level security are all there.
  const more = await d.api('POST', '/api/v1/chat', {
    message: 'One more question after the restore.',
    sessionId: s.sessionId,
  });
  checks.check(
    more.sessionId === s.sessionId && (await conversation(d, s.sessionId)).length === s.messages.length + 2,
    'the learner can go on chatting in the restored conversation',
  );
}

let api: ApiProcess | undefined;
const traffic = new Traffic();
try {
  api = await startApiProcess({
    DATABASE_URL: process.env.DATABASE_URL!,
    DATA_DIR: process.env.DATA_DIR!,
    JWT_SECRET: process.env.JWT_SECRET!,
    LOG_LEVEL: 'warn',
  });
  if (mode === 'fill') await fill(api.url, traffic);
  else await verify(api.url, traffic);
  checks.check(traffic.serverErrors.length === 0, 'no 5xx', traffic.serverErrors.join('; '));
} catch (err) {
  checks.couldNotRun(mode, err);
  if (api) console.log(api.output.join('').slice(-3000));
} finally {
  if (api) checks.check((await api.stop()) === 0, 'the server stops cleanly');
}
checks.finish(`backup round trip (${mode})`);
