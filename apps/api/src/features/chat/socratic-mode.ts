// Is Socratic mode on for a conversation, and may the learner turn it off? The session's own
// setting, else the learner's profile setting; a tutor path that requires it (the conversation is
// about that path) forces it on. Read under row-level security, in the turn's transaction.
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../platform/db/index.ts';
import { oneRow } from '../../platform/db/one-row.ts';
import { HttpError, notFound } from '../../http/errors.ts';
import type { SocraticState } from './socratic.ts';

export interface SocraticMode {
  enabled: boolean;
  required: boolean;
  pathTitle: string | null;
  state: SocraticState;
  /** The value of `also`, read in the same statement. */
  also: unknown;
}

export async function socraticMode(
  tx: Tx,
  userId: string,
  sessionId: string | undefined,
  pathId: string | undefined,
  also?: RawBuilder<unknown>,
): Promise<SocraticMode> {
  const { rows } = await sql<{
    found: boolean;
    socratic: boolean | null;
    state: SocraticState | null;
    pref: boolean | null;
    path_id: string | null;
    required: boolean | null;
    title: string | null;
    also: unknown;
  }>`
    select s.id is not null as found, s.socratic, s.socratic_state as state,
           (select (u.preferences->>'socraticMode')::boolean from users u where u.id = ${userId}::uuid) as pref,
           p.id as path_id, p.require_socratic as required, p.title, ${also ?? sql`null`} as also
      from (select 1) one
      left join chat_sessions s on s.id = ${sessionId ?? null}::uuid
      left join tutor_learning_paths p
        on p.id = case when s.id is null then ${pathId ?? null}::uuid else s.path_id end`.execute(tx);
  const r = oneRow(rows, 'socratic mode read');
  // A new conversation about a path the learner cannot see is about no path at all: 404.
  if (!r.found && pathId && !r.path_id) throw notFound('Tutor path');
  const required = !!r.required;
  return {
    enabled: required || (r.socratic ?? r.pref ?? false),
    required,
    pathTitle: r.title,
    state: r.state ?? {},
    also: r.also,
  };
}

export const socraticRequired = (pathTitle: string | null) =>
  new HttpError(
    409,
    'socratic_required',
    `Your tutor requires Socratic mode in chats about ${pathTitle ? `“${pathTitle}”` : 'this path'}: it can’t be turned off here.`,
  );

/** The session columns the API shows: the mode in effect, whether a tutor requires it, the path. */
export const SESSION_SOCRATIC_COLUMNS = sql`
  coalesce(sp.require_socratic, false) as socratic_required,
  coalesce(sp.require_socratic, false)
    or coalesce(s.socratic, (select (u.preferences->>'socraticMode')::boolean from users u where u.id = s.user_id), false) as socratic_on,
  s.path_id`;
export const SESSION_SOCRATIC_JOIN = sql`left join tutor_learning_paths sp on sp.id = s.path_id`;
