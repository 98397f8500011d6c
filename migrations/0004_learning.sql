-- Learning: the XP ledger, activity log, generated lesson content, review cards scheduled with
-- FSRS, and the library. Every table is owner-only under row-level security; the few reads that
-- must look across learners (leaderboards) go through security-definer functions that return
-- public columns only. PostgreSQL 15+ and PGlite alike.

-- XP ledger ----------------------------------------------------------------------------------------
-- One row per award. The unique source key makes an award idempotent: a retried or concurrent
-- duplicate request finds the row already there and awards nothing. users.xp is kept in step by
-- award_xp (the only way XP changes), so users.xp = sum(xp_events.amount) for every learner.
create table public.xp_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  source_key text not null check (length(source_key) between 1 and 300),
  amount integer not null check (amount between 1 and 10000),
  -- lesson_completed, path_finished, review_correct, daily_goal (see README: XP rules).
  reason text not null check (reason ~ '^[a-z_]{1,40}$'),
  created_at timestamptz not null default now(),
  unique (user_id, source_key)
);
create index idx_xp_events_user_time on public.xp_events (user_id, created_at desc);
-- Weekly leaderboard: sums over a time window.
create index idx_xp_events_time on public.xp_events (created_at, user_id);

alter table public.xp_events enable row level security;
create policy "Users view own xp events" on public.xp_events for select to authenticated
  using (user_id = auth.uid());
-- No insert/update/delete policies or grants: awards go through award_xp only.
grant select on public.xp_events to authenticated;

-- award_xp: records the award under its source key and, only when the row is new, adds the amount
-- to users.xp through increment_user_xp. Returns whether it awarded and the learner's XP after.
create or replace function public.award_xp(p_user_id uuid, p_source_key text, p_amount integer, p_reason text)
  returns table (awarded boolean, xp integer)
  language plpgsql security definer set search_path = public as $$
declare
  v_id uuid;
begin
  if auth.uid() is null or p_user_id is distinct from auth.uid() then
    raise exception 'award_xp: caller may only award their own XP' using errcode = '42501';
  end if;
  insert into xp_events (user_id, source_key, amount, reason)
  values (p_user_id, p_source_key, p_amount, p_reason)
  on conflict (user_id, source_key) do nothing
  returning id into v_id;
  if v_id is null then
    return query select false, u.xp from users u where u.id = p_user_id;
  else
    return query select true, public.increment_user_xp(p_user_id, p_amount);
  end if;
end $$;
revoke execute on function public.award_xp(uuid, text, integer, text) from public;
grant execute on function public.award_xp(uuid, text, integer, text) to authenticated;
-- XP changes only through the ledger now: the seed's function stays (award_xp calls it as owner)
-- but learners' transactions may no longer call it directly.
revoke execute on function public.increment_user_xp(uuid, integer) from authenticated;

-- Leaderboards: public columns only (display name, avatar, XP), top N plus the caller's own rank.
-- p_since null = all time (users.xp), otherwise XP earned since that instant.
create or replace function public.xp_leaderboard(p_since timestamptz, p_limit integer)
  returns table (user_id uuid, display_name text, avatar_url text, xp bigint, rank bigint)
  language sql stable security definer set search_path = public as $$
  with totals as (
    select u.id as user_id, u.xp::bigint as xp from users u where p_since is null and u.xp > 0
    union all
    select e.user_id, sum(e.amount)::bigint from xp_events e
     where p_since is not null and e.created_at >= p_since
     group by e.user_id
  ), ranked as (
    select t.user_id, t.xp, rank() over (order by t.xp desc) as rank from totals t
  )
  select r.user_id, u.display_name, u.avatar_url, r.xp, r.rank
    from ranked r join users u on u.id = r.user_id
   order by r.xp desc, r.user_id
   limit least(greatest(coalesce(p_limit, 10), 1), 100)
$$;
create or replace function public.xp_my_rank(p_since timestamptz)
  returns table (xp bigint, rank bigint)
  language plpgsql stable security definer set search_path = public as $$
declare
  v_xp bigint;
begin
  if auth.uid() is null then
    raise exception 'xp_my_rank: no caller' using errcode = '42501';
  end if;
  if p_since is null then
    select u.xp into v_xp from users u where u.id = auth.uid();
    return query select coalesce(v_xp, 0), (select count(*) from users u where u.xp > coalesce(v_xp, 0)) + 1;
  else
    select coalesce(sum(e.amount), 0) into v_xp from xp_events e where e.user_id = auth.uid() and e.created_at >= p_since;
    return query select v_xp, (
      select count(*) from (
        select e.user_id from xp_events e where e.created_at >= p_since
         group by e.user_id having sum(e.amount) > v_xp
      ) better) + 1;
  end if;
end $$;
revoke execute on function public.xp_leaderboard(timestamptz, integer), public.xp_my_rank(timestamptz) from public;
grant execute on function public.xp_leaderboard(timestamptz, integer), public.xp_my_rank(timestamptz) to authenticated;

-- Activity log -------------------------------------------------------------------------------------
-- Written after the answer is sent (a failed write never fails a request). local_date is the day in
-- the learner's time zone when it happened: streaks are runs of consecutive local dates.
create table public.activity_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  kind text not null check (kind ~ '^[a-z_]{1,40}$'),
  subject_type text check (length(subject_type) <= 40),
  subject_id text check (length(subject_id) <= 200),
  -- Learning path or tutor path the event belongs to (tutor analytics), and the lesson.
  path_id uuid,
  lesson_id text check (length(lesson_id) <= 100),
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  local_date date not null,
  created_at timestamptz not null default now()
);
create index idx_activity_user_day on public.activity_events (user_id, local_date desc);
create index idx_activity_user_time on public.activity_events (user_id, created_at desc, id desc);
create index idx_activity_path_time on public.activity_events (path_id, created_at desc) where path_id is not null;

alter table public.activity_events enable row level security;
create policy "Users view own activity" on public.activity_events for select to authenticated
  using (user_id = auth.uid());
create policy "Users log own activity" on public.activity_events for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users delete own activity" on public.activity_events for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.activity_events to authenticated;

-- Learning paths: the seed's table gains the path's objectives and the learner's goal ---------------
alter table public.learning_paths
  add column objectives jsonb not null default '[]' check (jsonb_typeof(objectives) = 'array'),
  add column goal text check (length(goal) <= 500);

-- Generated lesson content ---------------------------------------------------------------------------
-- Generated once per lesson on first open and kept; `body` is its plain text for full-text search
-- (the lessons grounding source for chat).
create table public.lesson_contents (
  path_id uuid not null references public.learning_paths (id) on delete cascade,
  lesson_id text not null check (length(lesson_id) between 1 and 100),
  user_id uuid not null references public.users (id) on delete cascade,
  title text not null,
  content jsonb not null check (jsonb_typeof(content) = 'object'),
  body text not null,
  search tsvector generated always as (to_tsvector('english'::regconfig, title || ' ' || body)) stored,
  created_at timestamptz not null default now(),
  primary key (path_id, lesson_id)
);
create index idx_lesson_contents_user on public.lesson_contents (user_id);
create index idx_lesson_contents_search on public.lesson_contents using gin (search);

alter table public.lesson_contents enable row level security;
create policy "Users view own lessons" on public.lesson_contents for select to authenticated
  using (user_id = auth.uid());
create policy "Users store own lessons" on public.lesson_contents for insert to authenticated
  with check (
    user_id = auth.uid()
    and exists (select 1 from public.learning_paths p where p.id = path_id and p.user_id = auth.uid())
  );
create policy "Users delete own lessons" on public.lesson_contents for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.lesson_contents to authenticated;

-- Review cards (FSRS) ----------------------------------------------------------------------------------
-- One card per generated question. `fsrs` holds the ts-fsrs card state (stability, difficulty,
-- reps, lapses, state, ...); `due` is copied out of it for the queue index.
create table public.review_cards (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  source_type text not null check (source_type in ('lesson', 'path', 'document', 'session')),
  source_id text not null check (length(source_id) <= 200),
  lesson_id text check (length(lesson_id) <= 100),
  source_title text check (length(source_title) <= 300),
  question_type text not null check (question_type in ('multiple_choice', 'short_answer', 'cloze')),
  question text not null check (length(question) between 1 and 2000),
  choices jsonb check (choices is null or jsonb_typeof(choices) = 'array'),
  answer text not null check (length(answer) between 1 and 1000),
  hints jsonb not null default '[]' check (jsonb_typeof(hints) = 'array'),
  explanation text not null default '',
  difficulty text not null check (difficulty in ('easy', 'medium', 'hard')),
  hints_revealed integer not null default 0 check (hints_revealed >= 0),
  due timestamptz not null default now(),
  fsrs jsonb not null check (jsonb_typeof(fsrs) = 'object'),
  reps integer not null default 0,
  last_reviewed_at timestamptz,
  created_at timestamptz not null default now()
);
-- Today's queue: keyset over (due, id).
create index idx_review_cards_due on public.review_cards (user_id, due, id);
create index idx_review_cards_recent on public.review_cards (user_id, created_at desc, id desc);
create index idx_review_cards_source on public.review_cards (user_id, source_type, source_id);

alter table public.review_cards enable row level security;
create policy "Users view own cards" on public.review_cards for select to authenticated
  using (user_id = auth.uid());
create policy "Users create own cards" on public.review_cards for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users update own cards" on public.review_cards for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Users delete own cards" on public.review_cards for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.review_cards to authenticated;
-- Scheduling state only: the question and its answer are fixed once generated.
grant update (hints_revealed, due, fsrs, reps, last_reviewed_at) on public.review_cards to authenticated;

create table public.review_logs (
  id uuid primary key default gen_random_uuid(),
  card_id uuid not null references public.review_cards (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  rating text not null check (rating in ('again', 'hard', 'good', 'easy')),
  correct boolean,
  hints_used integer not null default 0,
  answer text check (length(answer) <= 2000),
  due_before timestamptz not null,
  due_after timestamptz not null,
  local_date date not null,
  reviewed_at timestamptz not null default now()
);
create index idx_review_logs_user_time on public.review_logs (user_id, reviewed_at desc);
create index idx_review_logs_card on public.review_logs (card_id, reviewed_at desc);

alter table public.review_logs enable row level security;
create policy "Users view own review logs" on public.review_logs for select to authenticated
  using (user_id = auth.uid());
create policy "Users write own review logs" on public.review_logs for insert to authenticated
  with check (
    user_id = auth.uid()
    and exists (select 1 from public.review_cards c where c.id = card_id and c.user_id = auth.uid())
  );
grant select, insert on public.review_logs to authenticated;

-- Library --------------------------------------------------------------------------------------------
-- Saved things: an assistant message, a document, a learning path, a lesson, a curiosity tile or an
-- external resource. source_key identifies what was saved (saving twice finds the same item).
create table public.library_items (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  kind text not null check (kind in ('message', 'document', 'path', 'lesson', 'tile', 'resource')),
  source_key text not null check (length(source_key) between 1 and 2200),
  source_id text check (length(source_id) <= 200),
  lesson_id text check (length(lesson_id) <= 100),
  title text not null check (length(title) between 1 and 300),
  url text check (length(url) <= 2048),
  note text check (length(note) <= 4000),
  -- What the item showed when saved (a message's text, a tile's description), kept if the source goes.
  excerpt text check (length(excerpt) <= 1000),
  tags text[] not null default '{}' check (cardinality(tags) <= 20),
  search_text text not null default '',
  search tsvector generated always as (to_tsvector('simple'::regconfig, search_text)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, source_key)
);
create index idx_library_user_recent on public.library_items (user_id, created_at desc, id desc);
create index idx_library_user_kind on public.library_items (user_id, kind, created_at desc, id desc);
create index idx_library_tags on public.library_items using gin (tags);
create index idx_library_search on public.library_items using gin (search);
create trigger library_items_updated_at before update on public.library_items
  for each row execute function public.set_updated_at();

alter table public.library_items enable row level security;
create policy "Users view own library" on public.library_items for select to authenticated
  using (user_id = auth.uid());
create policy "Users save to own library" on public.library_items for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users edit own library" on public.library_items for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Users remove from own library" on public.library_items for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.library_items to authenticated;
grant update (title, url, note, tags, search_text) on public.library_items to authenticated;
