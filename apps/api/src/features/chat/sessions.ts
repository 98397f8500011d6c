// A learner's conversations: listed, opened, renamed, deleted, searched, paged through, and their
// Socratic switch. (The turns themselves are in service.ts.)
import { sql, type Selectable } from 'kysely';
import type { ChatSession } from '@chitchat/contracts';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../platform/db/index.ts';
import { notFound } from '../../http/errors.ts';
import { decodeCursor, encodeCursor, exactTs, toPage } from '../../platform/db/cursor.ts';
import { iso } from '../../platform/db/values.ts';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './messages.ts';
import {
  SESSION_SOCRATIC_COLUMNS,
  SESSION_SOCRATIC_JOIN,
  socraticMode,
  socraticRequired,
} from './socratic-mode.ts';

/** A conversation as listed and opened: its columns, its last message's start and its Socratic switch. */
type SessionRow = Pick<
  Selectable<DB['chat_sessions']>,
  'id' | 'title' | 'created_at' | 'updated_at' | 'path_id'
> & {
  last_message: string | null;
  /** Computed by SESSION_SOCRATIC_COLUMNS (with path_id). */
  socratic_on: boolean;
  socratic_required: boolean;
};
const toSession = (r: SessionRow): ChatSession => ({
  id: r.id,
  title: r.title,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  lastMessage: r.last_message,
  socratic: { enabled: r.socratic_on, requiredByTutor: r.socratic_required },
  pathId: r.path_id,
});
export function createSessionsService({ db }: Pick<AppContext, 'db'>) {
  const sessions = {
    async listSessions(userId: string, q: { cursor?: string; limit: number }) {
      const after = decodeCursor(q.cursor);
      const { rows } = await db.asUser(userId, (tx) =>
        sql<SessionRow & { k: string }>`
          select s.id, s.title, s.created_at, s.updated_at, ${exactTs('s.updated_at')} as k,
                 (select left(m.content, 160) from chat_messages m where m.session_id = s.id order by m.created_at desc, m.id desc limit 1) as last_message,
                 ${SESSION_SOCRATIC_COLUMNS}
            from chat_sessions s ${SESSION_SOCRATIC_JOIN}
           where s.user_id = ${userId}::uuid
             ${after ? sql`and (s.updated_at, s.id) < (${after.key}::timestamptz, ${after.id}::uuid)` : sql``}
           order by s.updated_at desc, s.id desc
           limit ${q.limit + 1}`.execute(tx),
      );
      return toPage(rows, q.limit, toSession, (r) => encodeCursor(r.k, r.id));
    },

    async getSession(userId: string, id: string): Promise<ChatSession> {
      const r = await db.asUser(userId, async (tx) => {
        const { rows } = await sql<SessionRow>`
          select s.id, s.title, s.created_at, s.updated_at,
                 (select left(m.content, 160) from chat_messages m where m.session_id = s.id order by m.created_at desc, m.id desc limit 1) as last_message,
                 ${SESSION_SOCRATIC_COLUMNS}
            from chat_sessions s ${SESSION_SOCRATIC_JOIN} where s.id = ${id}::uuid`.execute(tx);
        return rows[0];
      });
      if (!r) throw notFound('Chat session');
      return toSession(r);
    },

    /** Turns Socratic mode on or off for one conversation (409 when its tutor path requires it). */
    async setSocratic(userId: string, id: string, enabled: boolean): Promise<ChatSession> {
      await db.asUser(userId, async (tx) => {
        const exists = await tx
          .selectFrom('chat_sessions')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!exists) throw notFound('Chat session');
        const mode = await socraticMode(tx, userId, id, undefined);
        if (!enabled && mode.required) throw socraticRequired(mode.pathTitle);
        await tx.updateTable('chat_sessions').set({ socratic: enabled }).where('id', '=', id).execute();
      });
      return sessions.getSession(userId, id);
    },

    async renameSession(userId: string, id: string, title: string): Promise<ChatSession> {
      const found = await db.asUser(userId, (tx) =>
        tx
          .updateTable('chat_sessions')
          .set({ title })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst(),
      );
      if (!found) throw notFound('Chat session');
      return sessions.getSession(userId, id);
    },

    async deleteSession(userId: string, id: string) {
      const r = await db.asUser(userId, (tx) =>
        tx.deleteFrom('chat_sessions').where('id', '=', id).executeTakeFirst(),
      );
      if (!r.numDeletedRows) throw notFound('Chat session');
    },

    async messages(
      userId: string,
      sessionId: string,
      q: { cursor?: string; limit: number; direction: 'older' | 'newer' },
    ) {
      const at = decodeCursor(q.cursor);
      const older = q.direction === 'older';
      const rows = await db.asUser(userId, async (tx) => {
        const { rows } = await sql<MessageRow>`
          select ${MESSAGE_COLUMNS} from chat_messages m
           where m.session_id = ${sessionId}::uuid
             ${at ? (older ? sql`and (m.created_at, m.id) < (${at.key}::timestamptz, ${at.id}::uuid)` : sql`and (m.created_at, m.id) > (${at.key}::timestamptz, ${at.id}::uuid)`) : sql``}
           order by ${older ? sql`m.created_at desc, m.id desc` : sql`m.created_at asc, m.id asc`}
           limit ${q.limit + 1}`.execute(tx);
        // Only an empty page needs to know whether the session exists (RLS hides others' sessions: 404).
        if (
          !rows.length &&
          !(await tx.selectFrom('chat_sessions').select('id').where('id', '=', sessionId).executeTakeFirst())
        )
          throw notFound('Chat session');
        return rows;
      });
      return toPage(rows, q.limit, toMessage, (r) => encodeCursor(r.k, r.id));
    },

    async search(userId: string, q: { q: string; cursor?: string; limit: number }) {
      const after = decodeCursor(q.cursor);
      // Through search_my_messages (0009_search.sql): under RLS the match could not use its index.
      const { rows } = await db.asUser(userId, (tx) =>
        sql<MessageRow & { session_title: string | null; snippet: string }>`
          select * from search_my_messages(websearch_to_tsquery('english', ${q.q}), ${after?.key ?? null}::timestamptz,
                                           ${after?.id ?? null}::uuid, ${q.limit + 1})`.execute(tx),
      );
      return toPage(
        rows,
        q.limit,
        (r) => ({ message: toMessage(r), sessionTitle: r.session_title, snippet: r.snippet }),
        (r) => encodeCursor(r.k, r.id),
      );
    },
  };
  return sessions;
}
