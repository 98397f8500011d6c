// Anki packages (.apkg): a zip holding `collection.anki2` — a SQLite database in Anki's documented
// legacy schema (version 11: col, notes, cards, revlog, graves) — and a `media` JSON map. Written
// and read with sql.js (SQLite compiled to WebAssembly: no native build) and fflate (zip).
// Over 300 lines because Anki's schema is written in one place: the writer and the reader share its
// tables, ids and field rules, and split apart they could drift from each other.
import crypto from 'node:crypto';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { HttpError } from '../../../http/errors.ts';
import { clozeToCard, fromFieldHtml, stripHtml, toFieldHtml } from './fields.ts';

let engine: Promise<SqlJsStatic> | undefined;
const sqlite = () => (engine ??= initSqlJs());

/** Anki's field separator inside notes.flds. */
export const FIELD_SEPARATOR = '\x1f';
const DAY_MS = 86_400_000;
export const MODEL_ID = 1_700_000_000_001;
export const DECK_ID = 1_700_000_000_002;
const DEFAULT_DECK_ID = 1;
const DCONF_ID = 1;

export const ANKI_SCHEMA = `
CREATE TABLE col (
  id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null,
  conf text not null, models text not null, decks text not null, dconf text not null, tags text not null
);
CREATE TABLE notes (
  id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null,
  csum integer not null, flags integer not null, data text not null
);
CREATE TABLE cards (
  id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null,
  due integer not null, ivl integer not null, factor integer not null, reps integer not null,
  lapses integer not null, left integer not null, odue integer not null, odid integer not null,
  flags integer not null, data text not null
);
CREATE TABLE revlog (
  id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
  type integer not null
);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`;

/** One card to export: its text and its FSRS scheduling state. */
export interface ExportCard {
  guid: string;
  front: string;
  back: string;
  explanation: string;
  tags: string[];
  state: 'new' | 'learning' | 'review' | 'relearning';
  due: Date;
  /** Days between the last review and the due date (0 for new and learning cards). */
  intervalDays: number;
  stability: number | null;
  difficulty: number | null;
  reps: number;
  lapses: number;
  createdAt: Date;
  reviews: ExportReview[];
}
export interface ExportReview {
  at: Date;
  rating: 'again' | 'hard' | 'good' | 'easy';
  intervalDays: number;
  lastIntervalDays: number;
  /** The card's state before the review (Anki's revlog type: 0 learn, 1 review, 2 relearn). */
  kind: 0 | 1 | 2;
}

/** Anki's checksum of a note's first field: the first 8 hex digits of its SHA-1, as an integer. */
export const fieldChecksum = (text: string) =>
  parseInt(crypto.createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 8), 16);

const EASE = { again: 1, hard: 2, good: 3, easy: 4 } as const;

function model(now: number) {
  const field = (name: string, ord: number) => ({
    name,
    ord,
    sticky: false,
    rtl: false,
    font: 'Arial',
    size: 20,
    media: [],
  });
  return {
    id: MODEL_ID,
    name: 'ChitChat Basic',
    type: 0,
    mod: Math.floor(now / 1000),
    usn: -1,
    sortf: 0,
    did: DECK_ID,
    tmpls: [
      {
        name: 'Card 1',
        ord: 0,
        qfmt: '{{Front}}',
        afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}\n\n{{#Explanation}}<br><br><i>{{Explanation}}</i>{{/Explanation}}',
        did: null,
        bqfmt: '',
        bafmt: '',
      },
    ],
    flds: [field('Front', 0), field('Back', 1), field('Explanation', 2)],
    css: '.card { font-family: arial; font-size: 20px; text-align: center; color: black; background-color: white; }',
    latexPre:
      '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    tags: [],
    vers: [],
    req: [[0, 'any', [0]]],
  };
}

function deck(id: number, name: string, now: number) {
  return {
    id,
    name,
    desc: '',
    mod: Math.floor(now / 1000),
    usn: -1,
    collapsed: false,
    browserCollapsed: false,
    newToday: [0, 0],
    revToday: [0, 0],
    lrnToday: [0, 0],
    timeToday: [0, 0],
    dyn: 0,
    conf: DCONF_ID,
    extendNew: 10,
    extendRev: 50,
  };
}

const DCONF = {
  id: DCONF_ID,
  name: 'Default',
  mod: 0,
  usn: 0,
  maxTaken: 60,
  autoplay: true,
  timer: 0,
  replayq: true,
  dyn: false,
  new: {
    bury: true,
    delays: [1, 10],
    initialFactor: 2500,
    ints: [1, 4, 7],
    order: 1,
    perDay: 20,
    separate: true,
  },
  lapse: { delays: [10], leechAction: 0, leechFails: 8, minInt: 1, mult: 0 },
  rev: { bury: true, ease4: 1.3, fuzz: 0.05, ivlFct: 1, maxIvl: 36500, minSpace: 1, perDay: 200 },
};

const CONF = {
  activeDecks: [DECK_ID],
  curDeck: DECK_ID,
  newSpread: 0,
  collapseTime: 1200,
  timeLim: 0,
  estTimes: true,
  dueCounts: true,
  curModel: String(MODEL_ID),
  nextPos: 1,
  sortType: 'noteFld',
  sortBackwards: false,
  addToCur: true,
};

/** Anki's card type/queue/due for a card's FSRS state (review due in days since the collection's creation). */
function schedule(c: ExportCard, position: number, crtSeconds: number) {
  const dueSeconds = Math.floor(c.due.getTime() / 1000);
  const dueDay = Math.max(0, Math.floor((c.due.getTime() - crtSeconds * 1000) / DAY_MS));
  switch (c.state) {
    case 'new':
      return { type: 0, queue: 0, due: position, ivl: 0, factor: 0 };
    case 'learning':
      return { type: 1, queue: 1, due: dueSeconds, ivl: 0, factor: 2500 };
    case 'relearning':
      return {
        type: 3,
        queue: 1,
        due: dueSeconds,
        ivl: Math.max(1, Math.round(c.intervalDays)),
        factor: 2500,
      };
    case 'review':
      return { type: 2, queue: 2, due: dueDay, ivl: Math.max(1, Math.round(c.intervalDays)), factor: 2500 };
  }
}

/** Writes the cards as an .apkg: one "ChitChat" deck, one note (Front, Back, Explanation) and card each. */
export async function writeApkg(
  cards: ExportCard[],
  opts: { deckName: string; now?: Date },
): Promise<Uint8Array> {
  const SQL = await sqlite();
  const db = new SQL.Database();
  try {
    const now = (opts.now ?? new Date()).getTime();
    // Day numbers count from the collection's creation: the start of the earliest day a card exists.
    const earliest = cards.reduce((min, c) => Math.min(min, c.createdAt.getTime()), now);
    const crt = Math.floor(earliest / DAY_MS) * (DAY_MS / 1000);
    db.exec(ANKI_SCHEMA);
    db.run('insert into col values (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [
      crt,
      now,
      now,
      JSON.stringify(CONF),
      JSON.stringify({ [MODEL_ID]: model(now) }),
      JSON.stringify({
        [DEFAULT_DECK_ID]: deck(DEFAULT_DECK_ID, 'Default', now),
        [DECK_ID]: deck(DECK_ID, opts.deckName, now),
      }),
      JSON.stringify({ [DCONF_ID]: DCONF }),
      '{}',
    ]);
    const note = db.prepare("insert into notes values (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')");
    const card = db.prepare(
      'insert into cards values (?, ?, ?, 0, ?, -1, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)',
    );
    const rev = db.prepare('insert into revlog values (?, ?, -1, ?, ?, ?, ?, 0, ?)');
    // Ids are millisecond timestamps in Anki; consecutive ones keep them unique.
    let nextId = now;
    const usedRevIds = new Set<number>();
    const mod = Math.floor(now / 1000);
    cards.forEach((c, i) => {
      const noteId = nextId++;
      const cardId = nextId++;
      const front = toFieldHtml(c.front);
      const sortField = stripHtml(front);
      const tags = c.tags.length ? ` ${c.tags.join(' ')} ` : '';
      note.run([
        noteId,
        c.guid,
        MODEL_ID,
        mod,
        tags,
        [front, toFieldHtml(c.back), toFieldHtml(c.explanation)].join(FIELD_SEPARATOR),
        sortField,
        fieldChecksum(sortField),
      ]);
      const s = schedule(c, i + 1, crt);
      // Modern Anki keeps the FSRS memory state in cards.data.
      const data =
        c.state !== 'new' && c.stability !== null && c.difficulty !== null
          ? JSON.stringify({ s: round(c.stability, 4), d: round(c.difficulty, 3) })
          : '';
      card.run([
        cardId,
        noteId,
        DECK_ID,
        mod,
        s.type,
        s.queue,
        s.due,
        s.ivl,
        s.factor,
        c.reps,
        c.lapses,
        data,
      ]);
      for (const r of c.reviews) {
        let id = r.at.getTime();
        while (usedRevIds.has(id)) id++;
        usedRevIds.add(id);
        rev.run([
          id,
          cardId,
          EASE[r.rating],
          Math.round(r.intervalDays),
          Math.round(r.lastIntervalDays),
          2500,
          r.kind,
        ]);
      }
    });
    note.free();
    card.free();
    rev.free();
    const collection = db.export();
    return zipSync({ 'collection.anki2': collection, media: strToU8('{}') }, { level: 6 });
  } finally {
    db.close();
  }
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A note read from a package: its guid, front and back as text, tags. */
export interface ImportedNote {
  guid: string;
  front: string;
  back: string;
  explanation: string;
  tags: string[];
  cloze: boolean;
}

const isZip = (b: Uint8Array) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5);

/** The collection database inside a package (checked before it is inflated: names and declared sizes). */
function collectionBytes(bytes: Uint8Array, maxCollectionBytes: number): Uint8Array {
  if (!isZip(bytes))
    throw new HttpError(400, 'not_a_zip', 'This is not an Anki package: an .apkg file is a zip archive.');
  const entries: Record<string, number> = {};
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries[f.name] = f.originalSize;
        return false;
      },
    });
  } catch {
    throw new HttpError(400, 'not_a_zip', 'This file is not a readable zip archive (it may be damaged).');
  }
  // Newer Anki writes collection.anki21 beside a stub collection.anki2; collection.anki21b is compressed with zstd.
  const name = ['collection.anki21', 'collection.anki2'].find((n) => n in entries);
  if (!name) {
    if ('collection.anki21b' in entries)
      throw new HttpError(
        400,
        'unsupported_anki_format',
        'This package uses Anki’s newest format. In Anki, export again with “Support older Anki versions” ticked.',
      );
    throw new HttpError(400, 'no_collection', 'This zip has no Anki collection (collection.anki2) in it.');
  }
  if ((entries[name] ?? 0) > maxCollectionBytes)
    throw new HttpError(
      413,
      'too_large',
      `The collection in this package is larger than ${Math.round(maxCollectionBytes / 1024 / 1024)} MB unpacked.`,
    );
  try {
    const collection = unzipSync(bytes, { filter: (f) => f.name === name })[name];
    if (collection) return collection;
  } catch {
    // Damaged: the same answer as a missing collection, below.
  }
  throw new HttpError(
    400,
    'not_a_zip',
    'The collection in this package could not be unpacked (it may be damaged).',
  );
}

interface ModelInfo {
  cloze: boolean;
  fields: string[];
}

/** Reads the notes of an .apkg (schema 11 collections: collection.anki2 / collection.anki21). */
export async function readApkg(
  bytes: Uint8Array,
  opts: { maxCollectionBytes: number },
): Promise<ImportedNote[]> {
  const collection = collectionBytes(bytes, opts.maxCollectionBytes);
  const SQL = await sqlite();
  let db: Database;
  try {
    db = new SQL.Database(collection);
    db.exec('select 1 from sqlite_master limit 1');
  } catch {
    throw new HttpError(400, 'no_collection', 'The collection in this package is not an SQLite database.');
  }
  try {
    const tables = new Set(
      (db.exec("select name from sqlite_master where type = 'table'")[0]?.values ?? []).map((r) =>
        String(r[0]),
      ),
    );
    if (!tables.has('notes') || !tables.has('col'))
      throw new HttpError(
        400,
        'no_collection',
        'The collection in this package has no notes table: it is not an Anki collection.',
      );
    const models = new Map<string, ModelInfo>();
    try {
      const raw = db.exec('select models from col limit 1')[0]?.values[0]?.[0];
      const parsed = JSON.parse(String(raw ?? '{}')) as Record<
        string,
        { type?: number; flds?: { name?: string; ord?: number }[] }
      >;
      for (const [id, m] of Object.entries(parsed))
        models.set(id, {
          cloze: m.type === 1,
          fields: [...(m.flds ?? [])]
            .sort((a, b) => (a.ord ?? 0) - (b.ord ?? 0))
            .map((f) => String(f.name ?? '').toLowerCase()),
        });
    } catch {
      // Without the models, fields are read by position.
    }
    const rows = db.exec('select guid, mid, tags, flds from notes order by id')[0]?.values ?? [];
    return rows.map(([guid, mid, tags, flds]) => {
      const m = models.get(String(mid));
      const fields = String(flds ?? '').split(FIELD_SEPARATOR);
      const named = (names: string[], fallback: number) => {
        const i = m ? m.fields.findIndex((f) => names.includes(f)) : -1;
        return fields[i >= 0 ? i : fallback] ?? '';
      };
      const explanation = m?.fields.some((f) => ['explanation', 'extra', 'back extra'].includes(f))
        ? fromFieldHtml(named(['explanation', 'extra', 'back extra'], -1))
        : '';
      const noteTags = String(tags ?? '')
        .split(/\s+/)
        .filter(Boolean);
      if (m?.cloze) {
        const card = clozeToCard(fromFieldHtml(named(['text'], 0)));
        return {
          guid: String(guid),
          front: card?.question ?? '',
          back: card?.answer ?? '',
          explanation,
          tags: noteTags,
          cloze: true,
        };
      }
      return {
        guid: String(guid),
        front: fromFieldHtml(named(['front', 'question'], 0)),
        back: fromFieldHtml(named(['back', 'answer'], 1)),
        explanation,
        tags: noteTags,
        cloze: false,
      };
    });
  } finally {
    db.close();
  }
}
