-- Run on the fresh database before pg_restore (docs/deploy.md, "Backups"). A database dump does
-- not carry the cluster-wide roles that the app's grants and row-level security policies name.
-- Idempotent, like migration 0001: a role that exists is left as it is.
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
  -- The role that restores (and that the API then connects as) must be able to switch to it.
  if not pg_has_role(current_user, 'authenticated', 'member') then
    execute format('grant authenticated to %I', current_user);
  end if;
end $$;
