-- Full lesson content for tutor paths: generated once per lesson revision on an enrolled learner's
-- first open (explanation, worked example, exercises, as for learners' own paths) and kept.
-- One copy per (path, lesson, revision) is shared by the path's learners and shown to its tutor:
-- everyone learns from the same text. `revision` is a hash of the lesson's plan (title, objectives,
-- outline, exercises, ...), so revising a lesson gets fresh content while the path's other lessons
-- keep theirs (a path version would regenerate every lesson after any revision).
create table public.tutor_lesson_contents (
  path_id uuid not null references public.tutor_learning_paths (id) on delete cascade,
  lesson_id text not null check (length(lesson_id) between 1 and 100),
  revision text not null check (length(revision) between 1 and 64),
  title text not null check (length(title) between 1 and 300),
  content jsonb not null check (jsonb_typeof(content) = 'object'),
  -- The learner whose first open generated it (kept private: no policy shows it to others' queries
  -- through the API, which never selects it; null once that account is gone).
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (path_id, lesson_id, revision)
);

-- A current (not left) learner of the path. Security definer: reads path_enrollments without going
-- through its policies (no recursion, and no need to see other learners' rows).
create or replace function public.is_current_learner(p_path_id uuid) returns boolean
  language sql stable security definer set search_path = public as $$
  select exists (select 1 from path_enrollments where path_id = p_path_id and user_id = auth.uid() and left_at is null)
$$;
revoke execute on function public.is_current_learner(uuid) from public;
grant execute on function public.is_current_learner(uuid) to authenticated;

alter table public.tutor_lesson_contents enable row level security;
-- The path's current learners and its tutor read it; nobody else (not learners who left).
create policy "Learners and the tutor read tutor lesson content" on public.tutor_lesson_contents for select
  to authenticated
  using (public.is_current_learner(path_id) or public.is_path_tutor(path_id));
-- Stored by a current learner's first open, in their own name.
create policy "Current learners store tutor lesson content" on public.tutor_lesson_contents for insert
  to authenticated
  with check (created_by = auth.uid() and public.is_current_learner(path_id));
-- Content is fixed once generated (no update grant or policy); the tutor may clear it to have it
-- generated again.
create policy "Tutors clear their paths' lesson content" on public.tutor_lesson_contents for delete
  to authenticated
  using (public.is_path_tutor(path_id));
grant select, insert, delete on public.tutor_lesson_contents to authenticated;
