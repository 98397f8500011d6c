// GET /profile/export: everything the learner owns, as one JSON document (contracts: ProfileExport).
// Written as a stream, section by section, each table read in keyset pages of PAGE rows, each page
// in its own asUser transaction: row-level security decides what is read (the user_id filters only
// help the planner), a large account never sits in memory at once, and no transaction stays open
// while a slow client downloads. Pages are separate transactions, so an account changing during
// its export may show a row added after its table was read as missing (never half a row).
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Database, Tx } from '../../platform/db/index.ts';
import { iso } from '../../platform/db/values.ts';
import type { ProfileService } from './service.ts';
import { SECTIONS, type Section } from './export-sections.ts';

const PAGE = 500;

/** One section's rows, page by page, each page in its own RLS transaction. */
async function* rowsOf(db: Database, userId: string, s: Section): AsyncGenerator<unknown> {
  let after: unknown[] | null = null;
  const keyRefs = sql.join(s.key.map((c) => sql.ref(c)));
  for (;;) {
    const page: any[] = await db.asUser(userId, (tx: Tx) => {
      let q = (tx as any).selectFrom(s.table).selectAll().where(s.owner, '=', userId);
      if (after) q = q.where(sql<boolean>`(${keyRefs}) > (${sql.join(after)})`);
      for (const c of s.key) q = q.orderBy(c);
      return q.limit(PAGE).execute();
    });
    for (const r of page) yield s.map(r);
    if (page.length < PAGE) return;
    const last = page[page.length - 1];
    after = s.key.map((c) => last[c]);
  }
}

/** The export as a stream of JSON text (one document matching ProfileExport). */
export async function exportAccount(
  db: Database,
  profiles: ProfileService,
  userId: string,
): Promise<Readable> {
  // Read before the first byte goes out, so a missing profile is still a proper 404.
  const profile = await profiles.get(userId);
  const tutorProfile = await db.asUser(userId, (tx) =>
    tx.selectFrom('tutor_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst(),
  );
  async function* write(): AsyncGenerator<string> {
    const head = {
      format: 'chitchat-export',
      version: 1,
      exportedAt: new Date().toISOString(),
      profile,
      tutorProfile: tutorProfile
        ? {
            headline: tutorProfile.headline,
            bio: tutorProfile.bio,
            subjects: tutorProfile.subjects,
            links: tutorProfile.links,
            createdAt: iso(tutorProfile.created_at),
            updatedAt: iso(tutorProfile.updated_at),
          }
        : null,
    };
    // The opening object without its closing brace; the sections follow as arrays.
    yield JSON.stringify(head, null, 2).slice(0, -2);
    for (const s of SECTIONS) {
      yield `,\n  ${JSON.stringify(s.name)}: [`;
      let first = true;
      let batch = '';
      for await (const row of rowsOf(db, userId, s)) {
        batch += `${first ? '' : ','}\n    ${JSON.stringify(row)}`;
        first = false;
        if (batch.length > 64 * 1024) {
          yield batch;
          batch = '';
        }
      }
      yield `${batch}${first ? '' : '\n  '}]`;
    }
    yield '\n}\n';
  }
  return Readable.from(write(), { objectMode: false });
}

/** `chitchat-export-2026-11-30.json` */
export const exportFileName = (now = new Date()) => `chitchat-export-${now.toISOString().slice(0, 10)}.json`;
