// Your cards are yours: a learner's cards exported (Anki .apkg with their scheduling state, CSV)
// and notes imported (CSV, .apkg) into a deck of their own, as new cards. Reading goes in keyset
// pages, each in its own asUser transaction (as the account export does); an import is one
// transaction, idempotent per note guid.
import { sql, type Selectable } from 'kysely';
import type { Deck, ImportResult } from '@chitchat/contracts';
import type { AppContext } from '../../../context.ts';
import type { DB, Tx } from '../../../platform/db/index.ts';
import { HttpError } from '../../../http/errors.ts';
import { iso } from '../../../platform/db/values.ts';
import { newCard, stateOf, type StoredCard } from '../scheduler.ts';
import { readApkg, writeApkg, type ExportCard, type ExportReview, type ImportedNote } from './apkg.ts';
import { readCsv, textGuid, writeCsv } from './csv.ts';

const PAGE = 500;
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const COLLECTION_MAX_BYTES = 100 * 1024 * 1024;
export const IMPORT_MAX_NOTES = 5000;
const QUESTION_MAX = 2000;
const ANSWER_MAX = 1000;
const EXPLANATION_MAX = 2000;
const GUID = /^cc-([0-9a-f-]{36})$/;

/** A card as the export reads it: its columns (StoredCard for fsrs) and its page key. */
type Row = Pick<
  Selectable<DB['review_cards']>,
  | 'id'
  | 'source_type'
  | 'source_title'
  | 'question_type'
  | 'question'
  | 'choices'
  | 'answer'
  | 'explanation'
  | 'due'
  | 'reps'
  | 'created_at'
  | 'note_guid'
> & { fsrs: StoredCard; k: string };
type LogRow = Pick<
  Selectable<DB['review_logs']>,
  'card_id' | 'rating' | 'due_before' | 'due_after' | 'reviewed_at'
>;

/** A tag Anki accepts: no spaces. */
const tag = (s: string) => s.trim().replace(/\s+/g, '_').slice(0, 60);

/** The front as a learner would answer it elsewhere: a multiple-choice question shows its choices. */
function frontOf(r: Row): string {
  if (r.question_type === 'multiple_choice' && r.choices?.length)
    return `${r.question}\n${r.choices.map((c) => `• ${c}`).join('\n')}`;
  return r.question;
}

function toExport(r: Row, logs: LogRow[]): ExportCard {
  const f = r.fsrs;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const lastReview = typeof f.last_review === 'string' ? new Date(f.last_review) : null;
  const state = stateOf(f);
  let previousDays = 0;
  const reviews = logs.map((l): ExportReview => {
    const days = (l.due_after.getTime() - l.reviewed_at.getTime()) / 86_400_000;
    const review: ExportReview = {
      at: l.reviewed_at,
      rating: l.rating,
      intervalDays: days,
      lastIntervalDays: previousDays,
      kind: previousDays === 0 ? 0 : l.rating === 'again' ? 2 : 1,
    };
    previousDays = days;
    return review;
  });
  return {
    guid: r.note_guid ?? `cc-${r.id}`,
    front: frontOf(r),
    back: r.answer,
    explanation: r.explanation,
    tags: ['chitchat', tag(`chitchat::${r.source_type}`), ...(r.source_title ? [tag(r.source_title)] : [])],
    state,
    due: r.due,
    intervalDays: lastReview ? (r.due.getTime() - lastReview.getTime()) / 86_400_000 : 0,
    stability: state === 'new' ? null : num(f.stability),
    difficulty: state === 'new' ? null : num(f.difficulty),
    reps: r.reps,
    lapses: num(f.lapses) ?? 0,
    createdAt: r.created_at,
    reviews,
  };
}

export function createExchangeService(ctx: AppContext) {
  const { db } = ctx;

  /** All the learner's cards with their review logs, oldest first, a page per transaction. */
  async function allCards(userId: string): Promise<ExportCard[]> {
    const out: ExportCard[] = [];
    let cursor: { k: string; id: string } | null = null;
    for (;;) {
      const after: { k: string; id: string } | null = cursor;
      const { rows, logs }: { rows: Row[]; logs: LogRow[] } = await db.asUser(
        userId,
        async (tx): Promise<{ rows: Row[]; logs: LogRow[] }> => {
          const { rows } = await sql<Row>`
          select id, source_type, source_title, question_type, question, choices, answer, explanation, due, fsrs,
                 reps, created_at, note_guid,
                 to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as k
            from review_cards where user_id = ${userId}::uuid
            ${after ? sql`and (created_at, id) > (${after.k}::timestamptz, ${after.id}::uuid)` : sql``}
           order by created_at, id limit ${PAGE}`.execute(tx);
          const ids = rows.map((r) => r.id);
          const logs = ids.length
            ? (
                await sql<LogRow>`select card_id, rating, due_before, due_after, reviewed_at from review_logs
                 where card_id = any(${ids}::uuid[]) order by reviewed_at, id`.execute(tx)
              ).rows
            : [];
          return { rows, logs };
        },
      );
      const byCard = new Map<string, LogRow[]>();
      for (const l of logs) byCard.set(l.card_id, [...(byCard.get(l.card_id) ?? []), l]);
      for (const r of rows) out.push(toExport(r, byCard.get(r.id) ?? []));
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return out;
      cursor = { k: last.k, id: last.id };
    }
  }

  async function deckFor(
    tx: Tx,
    userId: string,
    name: string,
  ): Promise<{ id: string; name: string; created_at: Date }> {
    const found = await tx
      .selectFrom('decks')
      .select(['id', 'name', 'created_at'])
      .where('user_id', '=', userId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (found) return found;
    return tx
      .insertInto('decks')
      .values({ user_id: userId, name })
      .returning(['id', 'name', 'created_at'])
      .executeTakeFirstOrThrow();
  }

  const cardCount = async (tx: Tx, deckId: string) =>
    Number(
      (
        await tx
          .selectFrom('review_cards')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('source_type', '=', 'deck')
          .where('source_id', '=', deckId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** The notes worth a card, and why the others are left out. */
  function sift(notes: ImportedNote[], label: (i: number) => string) {
    const good: ImportedNote[] = [];
    const skipped: { item: string; reason: string }[] = [];
    notes.forEach((n, i) => {
      const reason = !n.front
        ? 'the front is empty'
        : !n.back
          ? 'the back is empty'
          : n.front.length > QUESTION_MAX
            ? `the front is longer than ${QUESTION_MAX} characters`
            : n.back.length > ANSWER_MAX
              ? `the back is longer than ${ANSWER_MAX} characters`
              : n.guid.length > 200
                ? 'its guid is longer than 200 characters'
                : null;
      if (reason) skipped.push({ item: label(i), reason });
      else good.push(n);
    });
    return { good, skipped };
  }

  return {
    async exportApkg(userId: string) {
      return writeApkg(await allCards(userId), { deckName: 'ChitChat' });
    },

    async exportCsv(userId: string) {
      return writeCsv(await allCards(userId));
    },

    async decks(userId: string): Promise<Deck[]> {
      return db.asUser(userId, async (tx) => {
        const { rows } = await sql<{ id: string; name: string; created_at: Date; n: number }>`
          select d.id, d.name, d.created_at,
                 (select count(*)::int from review_cards c where c.source_type = 'deck' and c.source_id = d.id::text) as n
            from decks d where d.user_id = ${userId}::uuid order by d.created_at desc, d.id desc`.execute(tx);
        return rows.map((r) => ({ id: r.id, name: r.name, cardCount: r.n, createdAt: iso(r.created_at) }));
      });
    },

    /** Imports a CSV or .apkg file (told apart by its bytes) into the learner's deck `deckName`. */
    async import(
      userId: string,
      file: { bytes: Buffer; fileName?: string },
      deckName: string,
    ): Promise<ImportResult> {
      if (!file.bytes.length) throw new HttpError(400, 'empty_file', 'The file is empty.');
      const zip = file.bytes[0] === 0x50 && file.bytes[1] === 0x4b;
      const looksApkg = zip || /\.(apkg|colpkg|zip)$/i.test(file.fileName ?? '');
      let notes: ImportedNote[];
      if (looksApkg)
        notes = await readApkg(new Uint8Array(file.bytes), { maxCollectionBytes: COLLECTION_MAX_BYTES });
      else {
        if (file.bytes.includes(0))
          throw new HttpError(
            400,
            'not_csv',
            'This file is neither a CSV text file nor an Anki package (.apkg).',
          );
        notes = readCsv(file.bytes.toString('utf8'));
      }
      if (notes.length > IMPORT_MAX_NOTES)
        throw new HttpError(
          413,
          'too_many_notes',
          `This file has ${notes.length} notes; import at most ${IMPORT_MAX_NOTES} at a time.`,
        );
      const format = looksApkg ? 'apkg' : 'csv';
      // An Anki note without a guid (hand-made collections) is known by its text, as a CSV row is.
      for (const n of notes) if (!n.guid.trim()) n.guid = textGuid(n.front, n.back);
      const { good, skipped } = sift(notes, (i) => (format === 'csv' ? `row ${i + 2}` : `note ${i + 1}`));
      const now = new Date();
      return db.asUser(userId, async (tx) => {
        const deck = await deckFor(tx, userId, deckName);
        // One card per guid: notes imported before, and our own exported cards coming back, are skipped.
        const guids = [...new Set(good.map((n) => n.guid))];
        const ownIds = guids.map((g) => GUID.exec(g)?.[1]).filter((x): x is string => !!x);
        const { rows: have } = await sql<{ g: string }>`
          select note_guid as g from review_cards where user_id = ${userId}::uuid and note_guid = any(${guids}::text[])
          union all
          select 'cc-' || id::text from review_cards where user_id = ${userId}::uuid and id = any(${ownIds}::uuid[])`.execute(
          tx,
        );
        const seen = new Set(have.map((h) => h.g));
        let already = 0;
        const fresh = good.filter((n) => {
          if (seen.has(n.guid)) {
            already++;
            return false;
          }
          seen.add(n.guid);
          return true;
        });
        for (let i = 0; i < fresh.length; i += PAGE) {
          const c = newCard(now);
          await tx
            .insertInto('review_cards')
            .values(
              fresh.slice(i, i + PAGE).map((n) => ({
                user_id: userId,
                source_type: 'deck' as const,
                source_id: deck.id,
                lesson_id: null,
                source_title: deck.name,
                question_type:
                  n.cloze && n.front.includes('_____') ? ('cloze' as const) : ('short_answer' as const),
                question: n.front,
                choices: null,
                answer: n.back,
                hints: '[]',
                explanation: n.explanation.slice(0, EXPLANATION_MAX),
                difficulty: 'medium' as const,
                due: c.due,
                fsrs: JSON.stringify(c.fsrs),
                note_guid: n.guid,
              })),
            )
            .execute();
        }
        return {
          deck: {
            id: deck.id,
            name: deck.name,
            cardCount: await cardCount(tx, deck.id),
            createdAt: iso(deck.created_at),
          },
          format,
          imported: fresh.length,
          alreadyImported: already,
          skipped: skipped.slice(0, 20),
          skippedCount: skipped.length,
        };
      });
    },
  };
}
