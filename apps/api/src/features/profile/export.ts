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

const PAGE = 500;
const isoOrNull = (d: Date | string | null) => (d == null ? null : iso(d));

interface Section {
  name: string;
  table: string;
  /** The owner column (RLS is what keeps others out; this only narrows the scan). */
  owner: string;
  /** Unique, ordered key columns for keyset paging (never a timestamp: JS dates drop microseconds). */
  key: string[];
  map: (r: any) => unknown;
}

const SECTIONS: Section[] = [
  {
    name: 'chatSessions',
    table: 'chat_sessions',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({ id: r.id, title: r.title, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) }),
  },
  {
    name: 'chatMessages',
    table: 'chat_messages',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({
      id: r.id,
      sessionId: r.session_id,
      role: r.role,
      content: r.content,
      mediaUrl: r.media_url,
      mediaType: r.media_type,
      metadata: r.metadata ?? {},
      createdAt: iso(r.created_at),
    }),
  },
  {
    name: 'learningPaths',
    table: 'learning_paths',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      topic: r.topic,
      difficultyLevel: r.difficulty_level,
      estimatedHours: r.estimated_hours == null ? null : Number(r.estimated_hours),
      goal: r.goal,
      objectives: r.objectives,
      lessons: r.lessons,
      progress: r.progress,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    }),
  },
  {
    name: 'lessonContents',
    table: 'lesson_contents',
    owner: 'user_id',
    key: ['path_id', 'lesson_id'],
    map: (r) => ({
      pathId: r.path_id,
      lessonId: r.lesson_id,
      title: r.title,
      content: r.content,
      createdAt: iso(r.created_at),
    }),
  },
  {
    name: 'enrollments',
    table: 'path_enrollments',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({
      id: r.id,
      pathId: r.path_id,
      progress: r.progress,
      createdAt: iso(r.enrolled_at),
      lastActivityAt: iso(r.last_activity_at),
      completedAt: isoOrNull(r.completed_at),
      leftAt: isoOrNull(r.left_at),
    }),
  },
  {
    name: 'reviewCards',
    table: 'review_cards',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({
      id: r.id,
      sourceType: r.source_type,
      sourceId: r.source_id,
      lessonId: r.lesson_id,
      sourceTitle: r.source_title,
      questionType: r.question_type,
      question: r.question,
      choices: r.choices,
      answer: r.answer,
      hints: r.hints,
      explanation: r.explanation,
      difficulty: r.difficulty,
      due: iso(r.due),
      reps: r.reps,
      fsrs: r.fsrs,
      lastReviewedAt: isoOrNull(r.last_reviewed_at),
      noteGuid: r.note_guid ?? null,
      createdAt: iso(r.created_at),
    }),
  },
  {
    name: 'decks',
    table: 'decks',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({ id: r.id, name: r.name, createdAt: iso(r.created_at) }),
  },
  {
    name: 'reviewLog',
    table: 'review_logs',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({
      id: r.id,
      cardId: r.card_id,
      rating: r.rating,
      correct: r.correct,
      hintsUsed: r.hints_used,
      answer: r.answer,
      state: r.state,
      elapsedDays: r.elapsed_days,
      reviewedAt: iso(r.reviewed_at),
    }),
  },
  {
    name: 'reviewParameters',
    table: 'review_parameters',
    owner: 'user_id',
    key: ['user_id'],
    map: (r) => ({
      weights: (r.weights as number[]).map(Number),
      reviewCount: r.review_count,
      logLoss: r.log_loss,
      defaultLogLoss: r.default_log_loss,
      optimisedAt: iso(r.optimised_at),
    }),
  },
  {
    name: 'libraryItems',
    table: 'library_items',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({
      id: r.id,
      kind: r.kind,
      sourceId: r.source_id,
      lessonId: r.lesson_id,
      title: r.title,
      url: r.url,
      note: r.note,
      excerpt: r.excerpt,
      tags: r.tags ?? [],
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    }),
  },
  {
    name: 'uploads',
    table: 'uploads',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({
      id: r.id,
      kind: r.kind,
      fileName: r.file_name,
      mediaType: r.media_type,
      sizeBytes: r.size_bytes == null ? null : Number(r.size_bytes),
      status: r.status,
      pageCount: r.page_count,
      createdAt: iso(r.created_at),
      processedAt: isoOrNull(r.processed_at),
    }),
  },
  {
    name: 'concepts',
    table: 'concepts',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({ id: r.id, name: r.name, createdAt: iso(r.created_at) }),
  },
  {
    name: 'conceptSources',
    table: 'concept_sources',
    owner: 'user_id',
    key: ['concept_id', 'source_type', 'source_id', 'lesson_id'],
    map: (r) => ({
      conceptId: r.concept_id,
      sourceType: r.source_type,
      sourceId: r.source_id,
      lessonId: r.lesson_id || null,
      title: r.title,
    }),
  },
  {
    name: 'conceptCards',
    table: 'concept_cards',
    owner: 'user_id',
    key: ['concept_id', 'card_id'],
    map: (r) => ({ conceptId: r.concept_id, cardId: r.card_id }),
  },
  {
    name: 'xpEvents',
    table: 'xp_events',
    owner: 'user_id',
    key: ['id'],
    map: (r) => ({
      id: r.id,
      amount: r.amount,
      reason: r.reason,
      sourceKey: r.source_key,
      createdAt: iso(r.created_at),
    }),
  },
  {
    name: 'tutorPaths',
    table: 'tutor_learning_paths',
    owner: 'tutor_id',
    key: ['id'],
    map: (r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      topic: r.topic,
      difficultyLevel: r.difficulty_level,
      estimatedHours: r.estimated_hours == null ? null : Number(r.estimated_hours),
      objectives: r.objectives,
      lessons: r.lessons,
      status: r.status,
      version: r.version,
      publishedAt: isoOrNull(r.published_at),
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    }),
  },
];

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
