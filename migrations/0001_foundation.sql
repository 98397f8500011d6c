-- Foundation: roles, auth schema, the seed's tables with complete row-level security, and the
-- seed's functions. Runs on PostgreSQL 15+ and on PGlite alike.

-- Roles --------------------------------------------------------------------------------------
-- `authenticated` is the role every request switches to (as in Supabase); it never logs in.
-- Roles are cluster-wide: another database on the same server may be creating them right now.
do $$
begin
  begin
    create role authenticated nologin noinherit;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role anon nologin noinherit;
  exception when duplicate_object or unique_violation then null;
  end;
end $$;
-- The connecting role must be able to switch to `authenticated` (superusers can anyway).
do $$
begin
  if not pg_has_role(current_user, 'authenticated', 'member') then
    execute format('grant authenticated to %I', current_user);
  end if;
end $$;

-- Auth (GoTrue-compatible, private to the server) ------------------------------------------------
-- Only where no auth schema of users exists yet. On a Supabase database, Supabase Auth already
-- owns auth.users, auth.sessions, auth.refresh_tokens and auth.uid() (which its own policies and
-- services use): creating them fails there, and replacing auth.uid() would break Supabase. So the
-- database itself decides, not a setting: an existing auth.users means someone else's auth owns
-- the schema, and ChitChat uses it as it is (migration 0013 links to it). A setting (AUTH_MODE)
-- could disagree with the database it is pointed at; the catalog cannot. This file runs once per
-- database, in one transaction, so the decision is made exactly once.
-- (Rewritten after release; the built-in branch creates exactly what the first version created,
-- and the migrator accepts that version's checksum: see LEGACY_CHECKSUMS in migrate.ts.)
do $built_in_auth$
begin
  if to_regclass('auth.users') is not null then
    raise notice 'auth.users exists (Supabase Auth): using it, creating no auth objects';
    return;
  end if;

  create schema if not exists auth;
  revoke all on schema auth from public;
  grant usage on schema auth to authenticated;

  -- The caller's id, set per transaction by the API (`request.jwt.claim.sub`); null when unset.
  create or replace function auth.uid() returns uuid
    language sql stable
    as $f$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $f$;
  grant execute on function auth.uid() to authenticated;

  create table auth.users (
    id uuid primary key default gen_random_uuid(),
    email text not null unique check (email = lower(email) and length(email) <= 320),
    encrypted_password text not null,
    user_metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    last_sign_in_at timestamptz
  );

  create table auth.sessions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    user_agent text,
    ip text,
    created_at timestamptz not null default now(),
    refreshed_at timestamptz,
    revoked_at timestamptz
  );
  create index sessions_user_idx on auth.sessions (user_id);

  -- Opaque refresh tokens, stored as SHA-256 hashes; each use rotates to a child token, and a
  -- revoked (already used) token presented again revokes the whole session.
  create table auth.refresh_tokens (
    token_hash text primary key,
    session_id uuid not null references auth.sessions (id) on delete cascade,
    user_id uuid not null references auth.users (id) on delete cascade,
    revoked boolean not null default false,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  );
  create index refresh_tokens_session_idx on auth.refresh_tokens (session_id);
end $built_in_auth$;

-- Shared helpers ---------------------------------------------------------------------------------
create or replace function public.set_updated_at() returns trigger
  language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;

grant usage on schema public to authenticated;

-- users ------------------------------------------------------------------------------------------
create table public.users (
  id uuid primary key default gen_random_uuid(),
  email text unique not null,
  display_name text check (length(display_name) <= 80),
  avatar_url text check (length(avatar_url) <= 2048),
  bio text check (length(bio) <= 1000),
  xp integer not null default 0 check (xp >= 0),
  is_tutor boolean not null default false,
  preferences jsonb not null default '{}' check (jsonb_typeof(preferences) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index idx_users_email on public.users (email);
create index idx_users_xp on public.users (xp desc);
create index idx_users_tutor on public.users (is_tutor) where is_tutor = true;
create trigger users_updated_at before update on public.users
  for each row execute function public.set_updated_at();

alter table public.users enable row level security;
create policy "Users view own data" on public.users for select to authenticated
  using (id = auth.uid());
create policy "Users update own profile" on public.users for update to authenticated
  using (id = auth.uid()) with check (id = auth.uid());
-- Rows are created with the auth user by the server and deleted with it; no insert/delete policy.
grant select on public.users to authenticated;
-- Column grants: a learner edits their profile, never their XP, email or tutor flag.
grant update (display_name, avatar_url, bio, preferences) on public.users to authenticated;

-- What any signed-in user may see of another: a view with only public columns (runs as its owner,
-- so it reads past the owner-only policy above, but cannot expose email, preferences or more).
create view public.public_profiles as
  select id, display_name, avatar_url, bio, xp, is_tutor, created_at from public.users;
grant select on public.public_profiles to authenticated;

-- chat_sessions ----------------------------------------------------------------------------------
create table public.chat_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  title text check (length(title) <= 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index idx_chat_sessions_user on public.chat_sessions (user_id);
create index idx_chat_sessions_updated on public.chat_sessions (updated_at desc);
-- Keyset pagination of a user's sessions, most recent first.
create index idx_chat_sessions_user_recent on public.chat_sessions (user_id, updated_at desc, id desc);

alter table public.chat_sessions enable row level security;
create policy "Users view own sessions" on public.chat_sessions for select to authenticated
  using (user_id = auth.uid());
create policy "Users create own sessions" on public.chat_sessions for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users update own sessions" on public.chat_sessions for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Users delete own sessions" on public.chat_sessions for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.chat_sessions to authenticated;
grant update (title, updated_at) on public.chat_sessions to authenticated;

-- chat_messages ----------------------------------------------------------------------------------
create table public.chat_messages (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references public.chat_sessions (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  content text not null,
  role text not null check (role in ('user', 'assistant')),
  media_url text,
  media_type text check (media_type in ('image', 'video', 'document')),
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now()
);
create index idx_chat_messages_session on public.chat_messages (session_id);
create index idx_chat_messages_created on public.chat_messages (created_at desc);
-- Keyset pagination within a session, both ways.
create index idx_chat_messages_session_time on public.chat_messages (session_id, created_at desc, id desc);
create index idx_chat_messages_user on public.chat_messages (user_id);

alter table public.chat_messages enable row level security;
create policy "Users view own messages" on public.chat_messages for select to authenticated
  using (user_id = auth.uid());
-- The seed's `with check (true)` let anyone insert anywhere. A message must be the caller's own
-- and go into one of the caller's own sessions.
create policy "Users insert own messages" on public.chat_messages for insert to authenticated
  with check (
    user_id = auth.uid()
    and exists (select 1 from public.chat_sessions s where s.id = session_id and s.user_id = auth.uid())
  );
create policy "Users update own messages" on public.chat_messages for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Users delete own messages" on public.chat_messages for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.chat_messages to authenticated;
grant update (content, metadata) on public.chat_messages to authenticated;

-- learning_paths ---------------------------------------------------------------------------------
create table public.learning_paths (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  description text,
  topic text,
  difficulty_level text check (difficulty_level in ('beginner', 'intermediate', 'advanced')),
  estimated_hours integer check (estimated_hours >= 0),
  lessons jsonb not null default '[]' check (jsonb_typeof(lessons) = 'array'),
  progress jsonb not null default '{"completed_lessons": [], "current_lesson": null, "completion_percentage": 0}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index idx_learning_paths_user on public.learning_paths (user_id);
create index idx_learning_paths_topic on public.learning_paths (topic);
create index idx_learning_paths_user_recent on public.learning_paths (user_id, created_at desc, id desc);
create trigger learning_paths_updated_at before update on public.learning_paths
  for each row execute function public.set_updated_at();

alter table public.learning_paths enable row level security;
create policy "Users view own paths" on public.learning_paths for select to authenticated
  using (user_id = auth.uid());
create policy "Users create own paths" on public.learning_paths for insert to authenticated
  with check (user_id = auth.uid());
create policy "Users update own paths" on public.learning_paths for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Users delete own paths" on public.learning_paths for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.learning_paths to authenticated;
grant update (title, description, topic, difficulty_level, estimated_hours, lessons, progress)
  on public.learning_paths to authenticated;

-- tutor_profiles (1:1 with users) ----------------------------------------------------------------
create table public.tutor_profiles (
  user_id uuid primary key references public.users (id) on delete cascade,
  headline text not null check (length(headline) between 1 and 120),
  bio text check (length(bio) <= 4000),
  subjects text[] not null default '{}' check (cardinality(subjects) <= 20),
  links jsonb not null default '[]' check (jsonb_typeof(links) = 'array'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger tutor_profiles_updated_at before update on public.tutor_profiles
  for each row execute function public.set_updated_at();

alter table public.tutor_profiles enable row level security;
-- A tutor profile is a public page: every signed-in user may read it.
create policy "Tutor profiles are public" on public.tutor_profiles for select to authenticated
  using (true);
create policy "Users create own tutor profile" on public.tutor_profiles for insert to authenticated
  with check (user_id = auth.uid());
create policy "Tutors update own profile" on public.tutor_profiles for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Tutors delete own profile" on public.tutor_profiles for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.tutor_profiles to authenticated;
grant update (headline, bio, subjects, links) on public.tutor_profiles to authenticated;

-- Becoming a tutor sets users.is_tutor (a column learners cannot write themselves).
create or replace function public.sync_is_tutor() returns trigger
  language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'DELETE' then
    update public.users set is_tutor = false where id = old.user_id;
    return old;
  end if;
  update public.users set is_tutor = true where id = new.user_id and not is_tutor;
  return new;
end $$;
create trigger tutor_profiles_is_tutor after insert or delete on public.tutor_profiles
  for each row execute function public.sync_is_tutor();

-- tutor_learning_paths (1:N per tutor) -----------------------------------------------------------
create table public.tutor_learning_paths (
  id uuid primary key default gen_random_uuid(),
  tutor_id uuid not null references public.tutor_profiles (user_id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  description text check (length(description) <= 4000),
  topic text check (length(topic) <= 200),
  difficulty_level text not null default 'beginner'
    check (difficulty_level in ('beginner', 'intermediate', 'advanced')),
  estimated_hours integer check (estimated_hours >= 0),
  objectives jsonb not null default '[]' check (jsonb_typeof(objectives) = 'array'),
  -- Lessons carry stable ids, so revising a published path keeps learners' progress.
  lessons jsonb not null default '[]' check (jsonb_typeof(lessons) = 'array'),
  status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  version integer not null default 1,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index idx_tutor_paths_tutor on public.tutor_learning_paths (tutor_id, created_at desc);
create index idx_tutor_paths_published on public.tutor_learning_paths (published_at desc, id desc)
  where status = 'published';
create index idx_tutor_paths_topic on public.tutor_learning_paths (lower(topic)) where status = 'published';
create trigger tutor_paths_updated_at before update on public.tutor_learning_paths
  for each row execute function public.set_updated_at();

-- path_enrollments (N:M learners <-> tutor paths) ------------------------------------------------
create table public.path_enrollments (
  id uuid primary key default gen_random_uuid(),
  path_id uuid not null references public.tutor_learning_paths (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  progress jsonb not null default '{"completed_lessons": [], "current_lesson": null, "completion_percentage": 0}',
  enrolled_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  completed_at timestamptz,
  unique (path_id, user_id)
);
create index idx_enrollments_user on public.path_enrollments (user_id, enrolled_at desc);
create index idx_enrollments_path on public.path_enrollments (path_id, enrolled_at desc);

-- Policy helpers that must read across the two tables without recursing through their policies.
create or replace function public.is_enrolled(p_path_id uuid) returns boolean
  language sql stable security definer set search_path = public as $$
  select exists (select 1 from path_enrollments where path_id = p_path_id and user_id = auth.uid())
$$;
create or replace function public.is_path_tutor(p_path_id uuid) returns boolean
  language sql stable security definer set search_path = public as $$
  select exists (select 1 from tutor_learning_paths where id = p_path_id and tutor_id = auth.uid())
$$;
create or replace function public.is_published(p_path_id uuid) returns boolean
  language sql stable security definer set search_path = public as $$
  select exists (select 1 from tutor_learning_paths where id = p_path_id and status = 'published')
$$;
grant execute on function public.is_enrolled(uuid), public.is_path_tutor(uuid), public.is_published(uuid)
  to authenticated;

alter table public.tutor_learning_paths enable row level security;
-- Published paths are public; drafts only to their tutor; archived ones to tutor and enrolled learners.
create policy "Read published, own, or enrolled paths" on public.tutor_learning_paths for select
  to authenticated
  using (status = 'published' or tutor_id = auth.uid() or public.is_enrolled(id));
create policy "Tutors create own paths" on public.tutor_learning_paths for insert to authenticated
  with check (tutor_id = auth.uid());
create policy "Tutors update own paths" on public.tutor_learning_paths for update to authenticated
  using (tutor_id = auth.uid()) with check (tutor_id = auth.uid());
create policy "Tutors delete own paths" on public.tutor_learning_paths for delete to authenticated
  using (tutor_id = auth.uid());
grant select, insert, delete on public.tutor_learning_paths to authenticated;
grant update (title, description, topic, difficulty_level, estimated_hours, objectives, lessons, status,
  version, published_at) on public.tutor_learning_paths to authenticated;

alter table public.path_enrollments enable row level security;
-- A learner sees their enrolments; a tutor sees the enrolments in their own paths.
create policy "Learners and path tutors read enrolments" on public.path_enrollments for select
  to authenticated
  using (user_id = auth.uid() or public.is_path_tutor(path_id));
-- Enrol only oneself, only in a published path.
create policy "Learners enrol in published paths" on public.path_enrollments for insert to authenticated
  with check (user_id = auth.uid() and public.is_published(path_id));
create policy "Learners update own enrolment" on public.path_enrollments for update to authenticated
  using (user_id = auth.uid()) with check (user_id = auth.uid());
create policy "Learners leave paths" on public.path_enrollments for delete to authenticated
  using (user_id = auth.uid());
grant select, insert, delete on public.path_enrollments to authenticated;
grant update (progress, last_activity_at, completed_at) on public.path_enrollments to authenticated;

-- Tutors see enrolled learners' public fields only (display name, avatar), via public_profiles.

-- Seed functions, made safe -----------------------------------------------------------------------
-- save_chat_message: the seed's function, now checking the caller. It creates the session when
-- absent, refuses a session that belongs to someone else (no takeover by guessing an id), and
-- raises SQLSTATE 'CC404' for "not found" so the API answers 404.
create or replace function public.save_chat_message(
  p_session_id uuid,
  p_user_id uuid,
  p_content text,
  p_role text,
  p_media_url text default null,
  p_media_type text default null,
  p_metadata jsonb default '{}'
) returns uuid
  language plpgsql security definer set search_path = public as $$
declare
  v_message_id uuid;
  v_owner uuid;
begin
  if auth.uid() is null or p_user_id is distinct from auth.uid() then
    raise exception 'save_chat_message: caller may only save their own messages'
      using errcode = '42501';
  end if;

  select user_id into v_owner from chat_sessions where id = p_session_id for update;
  if not found then
    insert into chat_sessions (id, user_id, title) values (p_session_id, p_user_id, 'New Conversation');
  elsif v_owner <> p_user_id then
    raise exception 'chat session not found' using errcode = 'CC404';
  end if;

  insert into chat_messages (session_id, user_id, content, role, media_url, media_type, metadata)
  values (p_session_id, p_user_id, p_content, p_role, p_media_url, p_media_type, coalesce(p_metadata, '{}'))
  returning id into v_message_id;

  update chat_sessions set updated_at = now() where id = p_session_id;
  return v_message_id;
end $$;
revoke execute on function public.save_chat_message(uuid, uuid, text, text, text, text, jsonb) from public;
grant execute on function public.save_chat_message(uuid, uuid, text, text, text, text, jsonb) to authenticated;

-- increment_user_xp: the seed's function, restricted to the caller's own row and sane amounts.
create or replace function public.increment_user_xp(p_user_id uuid, p_xp_amount integer)
  returns integer
  language plpgsql security definer set search_path = public as $$
declare
  v_new_xp integer;
begin
  if auth.uid() is null or p_user_id is distinct from auth.uid() then
    raise exception 'increment_user_xp: caller may only change their own XP' using errcode = '42501';
  end if;
  if p_xp_amount is null or p_xp_amount < -100000 or p_xp_amount > 100000 then
    raise exception 'increment_user_xp: amount out of range' using errcode = '22003';
  end if;
  update users set xp = greatest(0, coalesce(xp, 0) + p_xp_amount)
   where id = p_user_id
  returning xp into v_new_xp;
  return v_new_xp;
end $$;
revoke execute on function public.increment_user_xp(uuid, integer) from public;
grant execute on function public.increment_user_xp(uuid, integer) to authenticated;
