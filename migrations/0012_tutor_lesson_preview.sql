-- Tutors preview their own paths' lessons as learners see them (drafts included), and the preview
-- is the very text learners get: with an AI model connected, a tutor's preview writes the lesson's
-- content for its current revision (tutor_lesson_contents, keyed by a hash of the lesson's plan)
-- and keeps it, so learners who open that revision later read what the tutor checked, and one model
-- call serves both. Without a model nothing is stored (the preview is the lesson's outline).
-- The table, its grants (insert; update of title, content, offline, created_by, created_at) and the
-- learners' policies are in 0008 and 0010; these add the path's tutor, and nobody else.

create policy "Tutors store their paths' lesson content" on public.tutor_lesson_contents for insert
  to authenticated
  with check (created_by = auth.uid() and public.is_path_tutor(path_id));

-- An outline kept while offline (written by a learner's first open) is replaced by the model's
-- lesson on the tutor's next preview, as on a learner's next open.
create policy "Tutors replace offline lesson content of their paths" on public.tutor_lesson_contents for update
  to authenticated
  using (offline and public.is_path_tutor(path_id))
  with check (created_by = auth.uid() and public.is_path_tutor(path_id));
