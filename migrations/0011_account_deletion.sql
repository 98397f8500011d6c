-- What deleting an account does beyond its own rows, whoever deletes the users row (DELETE
-- /api/v1/profile, or a hosted Supabase project removing the user):
-- 1. A tutor leaving no longer erases their learners' progress: paths with current learners stay,
--    archived and marked "tutor left"; only paths nobody is learning go with the tutor.
-- 2. The account's stored objects (user-uploads/{id}/…, avatars/{id}/…) are queued for a durable
--    purge that the server drains at start-up and periodically, so a crash cannot leave them behind.

-- 1. Tutors leaving ------------------------------------------------------------------------------
-- tutor_id becomes null when the tutor is gone (it stays the tutor's id while they exist), and
-- tutor_left_at records when. A path without a tutor is archived: nobody can publish or edit it
-- again (the update policy needs tutor_id = auth.uid()), and nobody new can enrol.
alter table public.tutor_learning_paths
  add column tutor_left_at timestamptz,
  alter column tutor_id drop not null,
  add constraint tutor_learning_paths_tutor_left_archived
    check (tutor_id is not null or (tutor_left_at is not null and status = 'archived'));
alter table public.tutor_learning_paths drop constraint tutor_learning_paths_tutor_id_fkey;
alter table public.tutor_learning_paths add constraint tutor_learning_paths_tutor_id_fkey
  foreign key (tutor_id) references public.tutor_profiles (user_id) on delete set null;

-- Before the tutor profile goes (with its account, or on its own): paths without current learners
-- (drafts, paths everyone left) are deleted; the others are archived and marked. The foreign key
-- then sets tutor_id to null. Security definer: the learners' paths are not the caller's to touch.
create or replace function public.tutor_leaves() returns trigger
  language plpgsql security definer set search_path = public as $$
begin
  delete from tutor_learning_paths p
   where p.tutor_id = old.user_id
     and not exists (select 1 from path_enrollments e where e.path_id = p.id and e.left_at is null);
  update tutor_learning_paths set status = 'archived', tutor_left_at = now() where tutor_id = old.user_id;
  return old;
end $$;
create trigger tutor_profiles_tutor_leaves before delete on public.tutor_profiles
  for each row execute function public.tutor_leaves();

-- 2. Purging a deleted account's objects ------------------------------------------------------------
-- One row per deleted account whose objects may still exist. No foreign key: the user is gone.
-- The server's own connection reads it (no grants, no policies for the app's roles): the storage
-- routes refuse any URL for an object under a queued account at once, and the purge job deletes
-- everything under its prefixes, retrying until it succeeds.
create table public.storage_purges (
  user_id uuid primary key,
  requested_at timestamptz not null default now(),
  attempts integer not null default 0 check (attempts >= 0),
  last_error text check (length(last_error) <= 1000)
);
alter table public.storage_purges enable row level security;
revoke all on public.storage_purges from public, authenticated, anon;

create or replace function public.queue_storage_purge() returns trigger
  language plpgsql security definer set search_path = public as $$
begin
  insert into storage_purges (user_id) values (old.id)
    on conflict (user_id) do update set requested_at = now(), attempts = 0, last_error = null;
  return old;
end $$;
create trigger users_queue_storage_purge after delete on public.users
  for each row execute function public.queue_storage_purge();

-- Abandoned uploads (a signed URL asked for, never completed) are swept by age.
create index idx_uploads_pending_age on public.uploads (created_at) where status = 'pending';
