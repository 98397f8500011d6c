-- Tutors: published learning paths, enrolments and the tutor dashboard, on top of the tables in
-- 0001 (tutor_profiles, tutor_learning_paths, path_enrollments and their row-level security).
-- PostgreSQL 15+ and PGlite alike.

-- Tutor paths: lesson ids that are never reused, the path lifecycle, catalog search ----------------
alter table public.tutor_learning_paths
  -- Lessons get ids 'l1', 'l2', … from this counter. A removed lesson's id is never handed out again,
  -- so a learner who completed it never finds a different lesson "already complete".
  add column lesson_counter integer not null default 0 check (lesson_counter >= 0),
  add column search tsvector generated always as (
    to_tsvector('english'::regconfig, title || ' ' || coalesce(topic, '') || ' ' || coalesce(description, ''))
  ) stored;
grant update (lesson_counter) on public.tutor_learning_paths to authenticated;

create index idx_tutor_paths_search on public.tutor_learning_paths using gin (search);
-- Keyset pagination: a tutor's own paths (newest first), the catalog per tutor and per difficulty.
create index idx_tutor_paths_tutor_recent on public.tutor_learning_paths (tutor_id, created_at desc, id desc);
create index idx_tutor_paths_tutor_published on public.tutor_learning_paths (tutor_id, published_at desc, id desc)
  where status = 'published';
create index idx_tutor_paths_difficulty_published on public.tutor_learning_paths (difficulty_level, published_at desc, id desc)
  where status = 'published';

-- The lifecycle, enforced below the API: a path starts as a draft; draft → published ⇄ archived,
-- never back to draft; a path is published with at least one lesson; published_at is the first
-- publication; and a revision of the lessons of a path learners may have seen (published or
-- archived) bumps its version. version and published_at are the database's to set, whatever an
-- INSERT or UPDATE says.
create or replace function public.tutor_paths_guard() returns trigger
  language plpgsql set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    if new.status <> 'draft' then
      raise exception 'a path starts as a draft: publish it once it has lessons' using errcode = '23514';
    end if;
    new.version := 1;
    new.published_at := null;
    return new;
  end if;
  if old.status <> 'draft' and new.status = 'draft' then
    raise exception 'a published path cannot return to draft: archive it instead' using errcode = '23514';
  end if;
  if new.status = 'published' and jsonb_array_length(new.lessons) = 0 then
    raise exception 'a path needs at least one lesson to be published' using errcode = '23514';
  end if;
  new.published_at := case when new.status = 'draft' then null else coalesce(old.published_at, now()) end;
  new.version := old.version + case when old.status <> 'draft' and new.lessons is distinct from old.lessons then 1 else 0 end;
  new.lesson_counter := greatest(new.lesson_counter, old.lesson_counter);
  return new;
end $$;
create trigger tutor_paths_guard before insert or update on public.tutor_learning_paths
  for each row execute function public.tutor_paths_guard();

-- Enrolments: leaving keeps the row (and its progress) --------------------------------------------
-- Leaving sets left_at; enrolling again resumes the same row. Deleting and re-creating it would hand
-- out fresh XP source keys for the same lessons.
alter table public.path_enrollments add column left_at timestamptz;
grant update (left_at) on public.path_enrollments to authenticated;

-- A tutor sees the learners currently enrolled in their paths, not those who left.
create policy "Path tutors see current learners only" on public.path_enrollments as restrictive for select
  to authenticated
  using (user_id = auth.uid() or left_at is null);

-- Coming back into a path is enrolling again: only while it is published.
create or replace function public.path_enrollments_guard() returns trigger
  language plpgsql set search_path = public as $$
begin
  if old.left_at is not null and new.left_at is null and not public.is_published(new.path_id) then
    raise exception 'learning path not found' using errcode = 'CC404';
  end if;
  return new;
end $$;
create trigger path_enrollments_guard before update on public.path_enrollments
  for each row execute function public.path_enrollments_guard();

create index idx_enrollments_user_recent on public.path_enrollments (user_id, enrolled_at desc, id desc);
create index idx_enrollments_path_recent on public.path_enrollments (path_id, enrolled_at desc, id desc);

-- Figures that look across learners: aggregates only, for paths the caller may see ----------------

-- Current learners per path, for the catalog: published paths, and the caller's own or enrolled ones.
create or replace function public.tutor_path_learner_counts(p_path_ids uuid[])
  returns table (path_id uuid, learners bigint)
  language sql stable security definer set search_path = public as $$
  select p.id, (select count(*) from path_enrollments e where e.path_id = p.id and e.left_at is null)
    from tutor_learning_paths p
   where p.id = any(p_path_ids)
     and (p.status = 'published' or p.tutor_id = auth.uid()
          or exists (select 1 from path_enrollments e where e.path_id = p.id and e.user_id = auth.uid()))
$$;

-- The dashboard's cross-learner figures for one path, for its tutor only (no rows for anyone else):
-- enrolments per UTC day since p_since (including learners who left since), how many left,
-- current learners active since p_active_since (enrolled, opened or completed a lesson, or answered
-- a review question from the path), and review answers judged on cards made from the path.
create or replace function public.tutor_path_stats(p_path_id uuid, p_since timestamptz, p_active_since timestamptz)
  returns table (enrollments_by_day jsonb, enrollments_total bigint, left_count bigint, active_learners bigint,
                 review_answers bigint, review_correct bigint)
  language plpgsql stable security definer set search_path = public as $$
begin
  if auth.uid() is null or not exists (select 1 from tutor_learning_paths where id = p_path_id and tutor_id = auth.uid()) then
    return;
  end if;
  return query
  with enrolled as (
    select e.user_id, e.enrolled_at, e.last_activity_at, e.left_at from path_enrollments e where e.path_id = p_path_id
  ), cards as (
    select c.id from review_cards c
     where c.source_type in ('path', 'lesson') and c.source_id = p_path_id::text
       and c.user_id in (select user_id from enrolled where left_at is null)
  ), answers as (
    select l.user_id, l.correct, l.reviewed_at from review_logs l where l.card_id in (select id from cards)
  )
  select
    coalesce((select jsonb_object_agg(d, n) from (
      select to_char(enrolled_at at time zone 'UTC', 'YYYY-MM-DD') as d, count(*) as n
        from enrolled where enrolled_at >= p_since group by 1) days), '{}'::jsonb),
    (select count(*) from enrolled),
    (select count(*) from enrolled where left_at is not null),
    (select count(*) from enrolled x where x.left_at is null and (
       x.last_activity_at >= p_active_since
       or exists (select 1 from answers a where a.user_id = x.user_id and a.reviewed_at >= p_active_since))),
    (select count(*) from answers where correct is not null),
    (select count(*) from answers where correct);
end $$;

revoke execute on function public.tutor_path_learner_counts(uuid[]), public.tutor_path_stats(uuid, timestamptz, timestamptz) from public;
grant execute on function public.tutor_path_learner_counts(uuid[]), public.tutor_path_stats(uuid, timestamptz, timestamptz)
  to authenticated;
