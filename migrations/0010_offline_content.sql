-- Issue 13: a learner's first hour without a model, and XP that rewards learning only.
--
-- 1. `offline` on learning paths and lesson content: true when the offline engine (no AI model)
--    wrote it. An offline path is an outline (titles, objectives, outline points); an offline lesson
--    is shown as that outline with the learner's own matching passages, never as teaching prose, is
--    no material for review cards or chat grounding, and is replaced by the full lesson the first
--    time it is opened with a model connected.
alter table public.learning_paths add column offline boolean not null default false;
alter table public.lesson_contents add column offline boolean not null default false;
alter table public.tutor_lesson_contents add column offline boolean not null default false;

-- Backfill what the offline template wrote before this column existed: its lessons repeated one
-- filler sentence in every section, and its paths' descriptions have one fixed shape.
update public.lesson_contents set offline = true
 where body like '%Work through this part by writing down what you already know about it%';
update public.tutor_lesson_contents set offline = true
 where content->>'explanation' like '%Work through this part by writing down what you already know about it%';
update public.learning_paths set offline = true
 where description ~ '^A [0-9]+-lesson path from (beginner|intermediate|advanced) to (beginner|intermediate|advanced) level in ';

-- Replacing an offline lesson by the model's (insert … on conflict do update … where offline): only
-- an offline row may be overwritten, by its learner (own paths) or a current learner (tutor paths).
grant update (content, body, offline, created_at) on public.lesson_contents to authenticated;
create policy "Users replace own offline lessons" on public.lesson_contents for update to authenticated
  using (user_id = auth.uid() and offline)
  with check (user_id = auth.uid());
grant update (title, content, offline, created_by, created_at) on public.tutor_lesson_contents to authenticated;
create policy "Current learners replace offline tutor lesson content" on public.tutor_lesson_contents for update
  to authenticated
  using (offline and public.is_current_learner(path_id))
  with check (created_by = auth.uid() and public.is_current_learner(path_id));

-- 2. Which lessons a learner has opened: completing a lesson pays XP only once its content was
--    opened (completing unopened lessons was a way to farm XP). One row per learner and lesson, on
--    the learner's own path or on their enrolment in a tutor's path (both are theirs alone).
create table public.lesson_opens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  learning_path_id uuid references public.learning_paths (id) on delete cascade,
  enrollment_id uuid references public.path_enrollments (id) on delete cascade,
  lesson_id text not null check (length(lesson_id) between 1 and 100),
  opened_at timestamptz not null default now(),
  check (num_nonnulls(learning_path_id, enrollment_id) = 1),
  unique (learning_path_id, lesson_id),
  unique (enrollment_id, lesson_id)
);
create index idx_lesson_opens_user on public.lesson_opens (user_id);

alter table public.lesson_opens enable row level security;
create policy "Users view own lesson opens" on public.lesson_opens for select to authenticated
  using (user_id = auth.uid());
create policy "Users record opening own lessons" on public.lesson_opens for insert to authenticated
  with check (
    user_id = auth.uid()
    and (
      exists (select 1 from public.learning_paths p where p.id = learning_path_id and p.user_id = auth.uid())
      or exists (select 1 from public.path_enrollments e where e.id = enrollment_id and e.user_id = auth.uid() and e.left_at is null)
    )
  );
grant select, insert on public.lesson_opens to authenticated;

-- Lessons opened before this table existed: the kept content of own lessons, and the activity log's
-- lesson_opened events (own paths and enrolments), so nobody mid-lesson loses the right to finish.
insert into public.lesson_opens (user_id, learning_path_id, lesson_id, opened_at)
select c.user_id, c.path_id, c.lesson_id, c.created_at from public.lesson_contents c
on conflict do nothing;
insert into public.lesson_opens (user_id, learning_path_id, lesson_id, opened_at)
select a.user_id, a.path_id, a.lesson_id, min(a.created_at)
  from public.activity_events a join public.learning_paths p on p.id = a.path_id and p.user_id = a.user_id
 where a.kind = 'lesson_opened' and a.lesson_id is not null
 group by a.user_id, a.path_id, a.lesson_id
on conflict do nothing;
insert into public.lesson_opens (user_id, enrollment_id, lesson_id, opened_at)
select a.user_id, e.id, a.lesson_id, min(a.created_at)
  from public.activity_events a join public.path_enrollments e on e.path_id = a.path_id and e.user_id = a.user_id
 where a.kind = 'lesson_opened' and a.lesson_id is not null
 group by a.user_id, e.id, a.lesson_id
on conflict do nothing;
