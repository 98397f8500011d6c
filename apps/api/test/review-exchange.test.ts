// Your cards are yours: export as an Anki package and as CSV, import CSV and .apkg notes into a deck
// of one's own, through HTTP on the real database. The .apkg is opened as the SQLite database it is
// (sql.js) after unzipping it with another zip library (JSZip), and checked against Anki's documented
// schema; the round trips compare fronts and backs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import JSZip from 'jszip';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { parse } from 'csv-parse/sync';
import { ImportResult, ReviewCard } from '@chitchat/contracts';
import { expectErrorShape, signUp, startServer, type TestServer, type TestUser } from './harness.ts';
import { newCard, rate } from '../src/features/review/scheduler.ts';

let server: TestServer;
let SQL: SqlJsStatic;
beforeAll(async () => {
  server = await startServer({ env: { AI_PROVIDER: 'offline' } });
  SQL = await initSqlJs();
});
afterAll(async () => {
  await server?.close();
});

const TRICKY = {
  question: 'Say "hello", then\na comma, and <b>not bold</b> & more',
  answer: 'It’s "quoted", with\r\nline breaks',
};

/** A learner with three cards: a new one (tricky text), one in review (rated easy, with a review log), a multiple choice. */
async function learnerWithCards() {
  const u = await signUp(server);
  const day = 86_400_000;
  const created = new Date(Date.now() - 3 * day);
  const reviewed = rate(newCard(created).fsrs, 'easy', new Date(created.getTime() + 60_000));
  await server.ctx.db.asUser(u.id, async (tx) => {
    const base = {
      user_id: u.id,
      source_type: 'session' as const,
      source_id: crypto.randomUUID(),
      lesson_id: null,
      source_title: 'Photosynthesis chat',
      hints: '[]',
      difficulty: 'medium' as const,
      created_at: created,
    };
    const fresh = newCard(created);
    const rows = await tx
      .insertInto('review_cards')
      .values([
        {
          ...base,
          question_type: 'short_answer',
          question: TRICKY.question,
          answer: TRICKY.answer,
          explanation: 'Because, "reasons".',
          choices: null,
          due: fresh.due,
          fsrs: JSON.stringify(fresh.fsrs),
        },
        {
          ...base,
          question_type: 'short_answer',
          question: 'What gas do plants release?',
          answer: 'Oxygen',
          explanation: 'The light reactions split water.',
          choices: null,
          due: reviewed.due,
          fsrs: JSON.stringify(reviewed.fsrs),
          reps: 1,
          last_reviewed_at: new Date(created.getTime() + 60_000),
        },
        {
          ...base,
          question_type: 'multiple_choice',
          question: 'Where does the Calvin cycle run?',
          answer: 'Stroma',
          explanation: '',
          choices: JSON.stringify(['Stroma', 'Nucleus', 'Cell wall']),
          due: fresh.due,
          fsrs: JSON.stringify(fresh.fsrs),
        },
      ])
      .returning(['id', 'question'])
      .execute();
    await tx
      .insertInto('review_logs')
      .values({
        card_id: rows[1]!.id,
        user_id: u.id,
        rating: 'easy',
        correct: true,
        hints_used: 0,
        answer: 'Oxygen',
        due_before: created,
        due_after: reviewed.due,
        local_date: created.toISOString().slice(0, 10),
        reviewed_at: new Date(created.getTime() + 60_000),
      })
      .execute();
  });
  return { u, reviewed };
}

async function download(u: TestUser, format: 'apkg' | 'csv') {
  const res = await fetch(`${server.url}/api/v1/review/export/${format}`, {
    headers: { authorization: `Bearer ${u.token}` },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function upload(u: TestUser, bytes: Uint8Array | string, fileName: string, deck?: string) {
  const form = new FormData();
  if (deck !== undefined) form.append('deck', deck);
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), fileName);
  const res = await fetch(`${server.url}/api/v1/review/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${u.token}` },
    body: form,
  });
  const body = await res.json();
  return { status: res.status, body };
}

async function openCollection(apkg: Buffer): Promise<{ db: Database; files: string[]; media: string }> {
  const zip = await JSZip.loadAsync(apkg);
  const files = Object.keys(zip.files).sort();
  const db = new SQL.Database(await zip.file('collection.anki2')!.async('uint8array'));
  return { db, files, media: await zip.file('media')!.async('string') };
}

const rowsOf = (db: Database, query: string) => {
  const r = db.exec(query)[0];
  return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, v[i]]))) : [];
};

/** Anki's documented collection schema (legacy, version 11): the columns of each table, in order. */
const ANKI_COLUMNS = {
  col: ['id', 'crt', 'mod', 'scm', 'ver', 'dty', 'usn', 'ls', 'conf', 'models', 'decks', 'dconf', 'tags'],
  notes: ['id', 'guid', 'mid', 'mod', 'usn', 'tags', 'flds', 'sfld', 'csum', 'flags', 'data'],
  cards: [
    'id',
    'nid',
    'did',
    'ord',
    'mod',
    'usn',
    'type',
    'queue',
    'due',
    'ivl',
    'factor',
    'reps',
    'lapses',
    'left',
    'odue',
    'odid',
    'flags',
    'data',
  ],
  revlog: ['id', 'cid', 'usn', 'ease', 'ivl', 'lastIvl', 'factor', 'time', 'type'],
  graves: ['usn', 'oid', 'type'],
};

async function myCards(u: TestUser) {
  const res = await u.api.get('/api/v1/review/cards?limit=100');
  expect(res.status).toBe(200);
  return (res.body.items as unknown[]).map((c) => ReviewCard.parse(c));
}

describe('Anki export (.apkg)', () => {
  it('is a zip holding collection.anki2 in Anki’s schema and a media map, with the cards and their scheduling', async () => {
    const { u, reviewed } = await learnerWithCards();
    const { res, bytes } = await download(u, 'apkg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="chitchat-cards-.*\.apkg"/);
    const { db, files, media } = await openCollection(bytes);
    try {
      expect(files).toEqual(['collection.anki2', 'media']);
      expect(JSON.parse(media)).toEqual({});
      for (const [table, columns] of Object.entries(ANKI_COLUMNS))
        expect(rowsOf(db, `pragma table_info(${table})`).map((c) => c.name)).toEqual(columns);
      expect(db.exec('pragma integrity_check')[0]!.values[0]![0]).toBe('ok');

      const col = rowsOf(db, 'select * from col')[0]!;
      expect(col.ver).toBe(11);
      const models = JSON.parse(String(col.models));
      const decks = JSON.parse(String(col.decks));
      JSON.parse(String(col.dconf));
      JSON.parse(String(col.conf));
      const [mid] = Object.keys(models);
      const m = models[mid!];
      expect(String(m.id)).toBe(mid);
      expect(m.type).toBe(0);
      expect(m.flds.map((f: { name: string; ord: number }) => [f.name, f.ord])).toEqual([
        ['Front', 0],
        ['Back', 1],
        ['Explanation', 2],
      ]);
      expect(m.tmpls[0].qfmt).toContain('{{Front}}');
      expect(m.tmpls[0].afmt).toContain('{{Back}}');

      const notes = rowsOf(db, 'select * from notes order by id');
      const cards = rowsOf(db, 'select * from cards order by id');
      expect(notes).toHaveLength(3);
      expect(cards).toHaveLength(3);
      for (const n of notes) {
        expect(String(n.mid)).toBe(mid);
        const fields = String(n.flds).split('\x1f');
        expect(fields).toHaveLength(3);
        // The checksum is the first 8 hex digits of SHA-1 of the sort field (the front without HTML).
        const sha = crypto.createHash('sha1').update(String(n.sfld)).digest('hex');
        expect(n.csum).toBe(parseInt(sha.slice(0, 8), 16));
        expect(String(n.tags)).toMatch(/^ chitchat .* $/);
      }
      // Every card belongs to a note and to a deck in col.decks.
      for (const c of cards) {
        expect(notes.some((n) => n.id === c.nid)).toBe(true);
        expect(decks[String(c.did)]).toBeTruthy();
        expect(c.ord).toBe(0);
      }
      // Field text is HTML: escaped, line breaks as <br>.
      const tricky = notes.find((n) => String(n.flds).startsWith('Say'))!;
      expect(String(tricky.flds).split('\x1f')[0]).toBe(
        'Say &quot;hello&quot;, then<br>a comma, and &lt;b&gt;not bold&lt;/b&gt; &amp; more',
      );
      const mc = notes.find((n) => String(n.flds).startsWith('Where'))!;
      expect(String(mc.flds).split('\x1f')[0]).toContain('• Stroma<br>• Nucleus');

      // Scheduling: new cards are type 0 / queue 0 with positions; the reviewed card is in review.
      const cardOf = (front: string) =>
        cards.find((c) => c.nid === notes.find((n) => String(n.flds).startsWith(front))!.id)!;
      const fresh = cardOf('Say');
      expect([fresh.type, fresh.queue, fresh.ivl, fresh.reps, fresh.data]).toEqual([0, 0, 0, 0, '']);
      expect(fresh.due).toBeGreaterThanOrEqual(1);
      const done = cardOf('What gas');
      expect([done.type, done.queue, done.reps, done.lapses]).toEqual([2, 2, 1, 0]);
      const interval = Math.round(Number(reviewed.fsrs.scheduled_days));
      expect(done.ivl).toBe(interval);
      expect(done.factor).toBe(2500);
      // A review card's due is a day number counted from the collection's creation (col.crt).
      const dueDay = Math.floor((reviewed.due.getTime() - Number(col.crt) * 1000) / 86_400_000);
      expect(done.due).toBe(dueDay);
      const memory = JSON.parse(String(done.data));
      expect(memory.s).toBeCloseTo(Number(reviewed.fsrs.stability), 3);
      expect(memory.d).toBeCloseTo(Number(reviewed.fsrs.difficulty), 2);
      // Its review is in the revlog: ease 4 (easy), a learning review (type 0).
      const revlog = rowsOf(db, 'select * from revlog');
      expect(revlog).toHaveLength(1);
      expect([revlog[0]!.cid, revlog[0]!.ease, revlog[0]!.type]).toEqual([done.id, 4, 0]);
      expect(rowsOf(db, 'select * from graves')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('of a learner with no cards is a valid, empty collection', async () => {
    const u = await signUp(server);
    const { res, bytes } = await download(u, 'apkg');
    expect(res.status).toBe(200);
    const { db } = await openCollection(bytes);
    expect(db.exec('select count(*) from notes')[0]!.values[0]![0]).toBe(0);
    expect(db.exec('select count(*) from col')[0]!.values[0]![0]).toBe(1);
    db.close();
  });

  it('round-trips: imported by another learner, the same fronts and backs, as new cards in their deck; once', async () => {
    const { u } = await learnerWithCards();
    const mine = await myCards(u);
    const { bytes } = await download(u, 'apkg');

    const other = await signUp(server);
    const first = await upload(other, bytes, 'cards.apkg', 'From a friend');
    expect(first.status).toBe(201);
    const result = ImportResult.parse(first.body);
    expect(result).toMatchObject({ format: 'apkg', imported: 3, alreadyImported: 0, skippedCount: 0 });
    expect(result.deck).toMatchObject({ name: 'From a friend', cardCount: 3 });

    const theirs = await myCards(other);
    expect(theirs).toHaveLength(3);
    const pairs = (cs: { question: string }[], answers: Map<string, string>) =>
      cs.map((c) => [c.question, answers.get(c.question)]).sort();
    const answersOf = async (user: TestUser) =>
      new Map(
        (
          await server.ctx.db.asUser(user.id, (tx) =>
            tx.selectFrom('review_cards').select(['question', 'answer']).execute(),
          )
        ).map((r) => [r.question, r.answer]),
      );
    // Multiple choice questions travel with their choices on the front.
    const expectedFronts = mine.map((c) =>
      c.choices ? `${c.question}\n${c.choices.map((x) => `• ${x}`).join('\n')}` : c.question,
    );
    expect(theirs.map((c) => c.question).sort()).toEqual(expectedFronts.sort());
    const myAnswers = await answersOf(u);
    const theirAnswers = await answersOf(other);
    expect(theirs.map((c) => theirAnswers.get(c.question)).sort()).toEqual(
      mine.map((c) => myAnswers.get(c.question)!.replace(/\r\n/g, '\n')).sort(),
    );
    expect(pairs(theirs, theirAnswers).length).toBe(3);
    for (const c of theirs) {
      expect(c.source).toMatchObject({ type: 'deck', id: result.deck.id, title: 'From a friend' });
      expect(c.state).toBe('new');
      expect(c.reps).toBe(0);
    }
    // Imported cards are in the review queue now.
    const due = await other.api.get('/api/v1/review/due?sourceType=deck');
    expect(due.body.items).toHaveLength(3);

    // The same package again: nothing new (idempotent per note guid).
    const again = ImportResult.parse((await upload(other, bytes, 'cards.apkg', 'From a friend')).body);
    expect([again.imported, again.alreadyImported, again.deck.cardCount]).toEqual([0, 3, 3]);
    // The exporter importing their own package: their cards are already theirs.
    const own = ImportResult.parse((await upload(u, bytes, 'mine.apkg')).body);
    expect([own.imported, own.alreadyImported]).toEqual([0, 3]);
    expect(await myCards(u)).toHaveLength(3);

    const decks = await other.api.get('/api/v1/review/decks');
    expect(decks.body.items).toEqual([expect.objectContaining({ name: 'From a friend', cardCount: 3 })]);
    // Decks are private.
    expect((await u.api.get('/api/v1/review/decks')).body.items.map((d: { name: string }) => d.name)).toEqual(
      ['Imported cards'],
    );
  });

  it('imports Anki’s own notes: Basic by field name, cloze as a cloze card, HTML read as text', async () => {
    const db = new SQL.Database();
    const { ANKI_SCHEMA } = await import('../src/features/review/exchange/apkg.ts');
    db.exec(ANKI_SCHEMA);
    const models = {
      '11': {
        id: 11,
        type: 0,
        flds: [
          { name: 'Front', ord: 0 },
          { name: 'Back', ord: 1 },
        ],
      },
      '12': {
        id: 12,
        type: 1,
        flds: [
          { name: 'Text', ord: 0 },
          { name: 'Back Extra', ord: 1 },
        ],
      },
    };
    db.run("insert into col values (1, 0, 0, 0, 11, 0, 0, 0, '{}', ?, '{}', '{}', '{}')", [
      JSON.stringify(models),
    ]);
    const note = (id: number, guid: string, mid: number, flds: string[]) =>
      db.run("insert into notes values (?, ?, ?, 0, 0, ' anki ', ?, '', 0, 0, '')", [
        id,
        guid,
        mid,
        flds.join('\x1f'),
      ]);
    note(1, 'g1', 11, ['<div>Capital of <i>France</i>?</div>', 'Paris&nbsp;[sound:paris.mp3]']);
    note(2, 'g2', 12, ['{{c1::Mitochondria}} are the {{c2::powerhouse}} of the cell', 'Biology 101']);
    note(3, 'g3', 11, ['Empty back', '']);
    note(4, '', 11, ['No guid', 'Still imported']);
    const zip = new JSZip();
    zip.file('collection.anki21', db.export());
    zip.file('collection.anki2', 'stub');
    zip.file('media', '{}');
    db.close();
    const u = await signUp(server);
    const pkg = await zip.generateAsync({ type: 'uint8array' });
    const res = await upload(u, pkg, 'deck.apkg');
    expect(res.status).toBe(201);
    const r = ImportResult.parse(res.body);
    expect([r.imported, r.skippedCount]).toEqual([3, 1]);
    expect(r.skipped).toEqual([{ item: 'note 3', reason: 'the back is empty' }]);
    const rows = await server.ctx.db.asUser(u.id, (tx) =>
      tx
        .selectFrom('review_cards')
        .select(['question', 'answer', 'question_type', 'explanation'])
        .orderBy('question')
        .execute(),
    );
    expect(rows).toEqual([
      { question: 'Capital of France?', answer: 'Paris', question_type: 'short_answer', explanation: '' },
      { question: 'No guid', answer: 'Still imported', question_type: 'short_answer', explanation: '' },
      {
        question: '_____ are the powerhouse of the cell',
        answer: 'Mitochondria',
        question_type: 'cloze',
        explanation: 'Biology 101',
      },
    ]);
    // Again: nothing new, the guid-less note known by its text.
    expect((await upload(u, pkg, 'deck.apkg')).body).toMatchObject({ imported: 0, alreadyImported: 3 });
  });
});

describe('CSV export and import', () => {
  it('exports RFC 4180 CSV with a header; commas, quotes and line breaks round-trip through an import', async () => {
    const { u, reviewed } = await learnerWithCards();
    const { res, bytes } = await download(u, 'csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = bytes.toString('utf8');
    // Quotes are doubled inside a quoted field.
    expect(text).toContain('"Say ""hello"", then\na comma, and <b>not bold</b> & more"');
    const records = parse(text) as string[][];
    // Strict RFC 4180 reading (as Python's csv, Excel): every bare CR or LF outside quotes ends a row,
    // so a multiple-choice front's line breaks must be quoted too.
    expect(parse(text, { record_delimiter: ['\r\n', '\n', '\r'] })).toEqual(records);
    const mc = records.find((r) => r[0]!.startsWith('Where does'))!;
    expect(mc[0]).toBe('Where does the Calvin cycle run?\n• Stroma\n• Nucleus\n• Cell wall');
    expect(text).toContain('"Where does the Calvin cycle run?\n• Stroma');
    expect(records[0]).toEqual([
      'front',
      'back',
      'tags',
      'explanation',
      'state',
      'due',
      'stability',
      'difficulty',
      'reps',
      'lapses',
      'guid',
    ]);
    expect(records).toHaveLength(4);
    const tricky = records.find((r) => r[0]!.startsWith('Say'))!;
    expect([tricky[0], tricky[1], tricky[3], tricky[4]]).toEqual([
      TRICKY.question,
      TRICKY.answer,
      'Because, "reasons".',
      'new',
    ]);
    const done = records.find((r) => r[0]!.startsWith('What gas'))!;
    expect(done[4]).toBe('review');
    expect(done[5]).toBe(reviewed.due.toISOString());
    expect(Number(done[6])).toBeCloseTo(Number(reviewed.fsrs.stability), 3);
    expect(done[8]).toBe('1');

    const other = await signUp(server);
    const imported = await upload(other, text, 'cards.csv');
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ format: 'csv', imported: 3, alreadyImported: 0 });
    const rows = await server.ctx.db.asUser(other.id, (tx) =>
      tx.selectFrom('review_cards').select(['question', 'answer', 'explanation']).execute(),
    );
    const back = rows.find((r) => r.question === TRICKY.question);
    expect(back).toEqual({
      question: TRICKY.question,
      answer: TRICKY.answer,
      explanation: 'Because, "reasons".',
    });
    // Idempotent: the guid column says which notes are already there.
    expect((await upload(other, text, 'cards.csv')).body).toMatchObject({ imported: 0, alreadyImported: 3 });
  });

  it('imports a hand-written CSV: header names in any case and order, rows without a guid deduplicated by text', async () => {
    const u = await signUp(server);
    const csv = 'Back,Front,Tags\r\n"a, ""b""\nc","What, exactly?",x y\r\nTwo,One,\r\n,Has no back,\r\n';
    const first = await upload(u, csv, 'mine.csv', 'Hand made');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      imported: 2,
      skippedCount: 1,
      skipped: [{ item: 'row 4', reason: 'the back is empty' }],
    });
    const rows = await server.ctx.db.asUser(u.id, (tx) =>
      tx.selectFrom('review_cards').select(['question', 'answer']).orderBy('question').execute(),
    );
    expect(rows).toEqual([
      { question: 'One', answer: 'Two' },
      { question: 'What, exactly?', answer: 'a, "b"\nc' },
    ]);
    expect((await upload(u, csv, 'mine.csv', 'Hand made')).body).toMatchObject({
      imported: 0,
      alreadyImported: 2,
    });
  });
});

describe('bad imports are clear 4xx answers', () => {
  let u: TestUser;
  beforeAll(async () => {
    u = await signUp(server);
  });
  const expectError = (r: { status: number; body: unknown }, status: number, code: string) => {
    expect(r.status).toBe(status);
    expectErrorShape(r.body);
    expect((r.body as { error: { code: string } }).error.code).toBe(code);
  };

  it('an .apkg that is not a zip', async () => {
    const r = await upload(u, 'just some text', 'deck.apkg');
    expectError(r, 400, 'not_a_zip');
    expect(r.body.error.message).toMatch(/zip/);
  });

  it('a zip without a collection, or whose collection is not Anki’s', async () => {
    const empty = new JSZip();
    empty.file('readme.txt', 'hello');
    expectError(
      await upload(u, await empty.generateAsync({ type: 'uint8array' }), 'deck.apkg'),
      400,
      'no_collection',
    );
    const notSqlite = new JSZip();
    notSqlite.file('collection.anki2', 'not a database at all, just text that is long enough to be read');
    expectError(
      await upload(u, await notSqlite.generateAsync({ type: 'uint8array' }), 'deck.apkg'),
      400,
      'no_collection',
    );
    const otherDb = new SQL.Database();
    otherDb.exec('create table things (id integer)');
    const wrong = new JSZip();
    wrong.file('collection.anki2', otherDb.export());
    otherDb.close();
    const r = await upload(u, await wrong.generateAsync({ type: 'uint8array' }), 'deck.apkg');
    expectError(r, 400, 'no_collection');
    expect(r.body.error.message).toMatch(/notes/);
    const newest = new JSZip();
    newest.file('collection.anki21b', 'zstd');
    expectError(
      await upload(u, await newest.generateAsync({ type: 'uint8array' }), 'deck.apkg'),
      400,
      'unsupported_anki_format',
    );
  });

  it('a CSV without front and back columns names what it found', async () => {
    const r = await upload(u, 'question,answer\nA,B\n', 'cards.csv');
    expectError(r, 400, 'wrong_columns');
    expect(r.body.error.message).toContain('found: question, answer');
    expectError(await upload(u, '', 'cards.csv'), 400, 'empty_file');
    expectError(await upload(u, 'front,back\n"unclosed,x\n', 'cards.csv'), 400, 'invalid_csv');
    expectError(await upload(u, new Uint8Array([1, 0, 2, 0, 3]), 'cards.bin'), 400, 'not_csv');
  });

  it('too big, not multipart, no file part', async () => {
    const big = 'front,back\n' + 'x,y\n'.repeat(5_500_000);
    expectError(await upload(u, big, 'big.csv'), 413, 'too_large');
    const json = await u.api.post('/api/v1/review/import', { file: 'x' });
    expectError(json, 415, 'unsupported_media_type');
    const form = new FormData();
    form.append('deck', 'Only a name');
    const res = await fetch(`${server.url}/api/v1/review/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.token}` },
      body: form,
    });
    expectError({ status: res.status, body: await res.json() }, 400, 'bad_request');
    // Nothing was imported by any of these.
    expect((await u.api.get('/api/v1/review/decks')).body.items).toEqual([]);
  });

  it('exports need a signed-in learner', async () => {
    const res = await fetch(`${server.url}/api/v1/review/export/apkg`);
    expect(res.status).toBe(401);
  });
});
