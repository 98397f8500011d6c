-- Where a tutor path's lessons came from: a draft the offline engine wrote (no model connected)
-- is the server's template, not the tutor's material, until the tutor edits it. offline_drafts
-- maps each lesson id the offline engine drafted to a hash of that draft (tutor/lessons.ts
-- draftHash); a lesson whose plan still hashes the same is an unedited offline draft, so it
-- makes no review cards and no concepts. Written once, when the draft path is created.
alter table public.tutor_learning_paths
  add column offline_drafts jsonb not null default '{}' check (jsonb_typeof(offline_drafts) = 'object');
