-- On a Supabase database, ChitChat's users are Supabase Auth's users. Nothing here runs elsewhere
-- (plain PostgreSQL and PGlite keep the built-in auth that 0001 created).
--
-- A Supabase database is recognised by its auth.users: Supabase Auth's table has `aud` and
-- `raw_user_meta_data`, the built-in one has neither (0001 creates it only where auth.users did
-- not exist). As in 0001 the catalog decides, not a setting, because it cannot be wrong about the
-- database it describes.
--
-- What it adds, following Supabase's guide to user data ("managing user data"):
-- 1. public.users.id references auth.users(id) on delete cascade: deleting a user in Supabase
--    (dashboard, admin API, SQL) deletes their ChitChat rows; the users delete trigger of 0011
--    then queues their stored files for the purge job (features/profile/deletion.ts).
-- 2. A trigger on auth.users gives every user Supabase Auth creates their public.users row at
--    once (and keeps the email in step), instead of on their first API request.
-- It never creates, alters or replaces Supabase's own objects (only adds triggers to auth.users,
-- as the guide does); its policies keep reading the caller through auth.uid(), which on Supabase
-- is Supabase's own function (request.jwt.claim.sub, or request.jwt.claims ->> 'sub').
do $supabase$
begin
  if not exists (
    select 1 from pg_attribute
     where attrelid = to_regclass('auth.users') and attname in ('aud', 'raw_user_meta_data') and not attisdropped
    having count(*) = 2
  ) then
    return;
  end if;

  -- Users who signed up before ChitChat was deployed.
  insert into public.users (id, email, display_name)
  select u.id, lower(coalesce(u.email, u.id::text || '@users.supabase')),
         left(nullif(coalesce(u.raw_user_meta_data ->> 'display_name', u.raw_user_meta_data ->> 'full_name', u.raw_user_meta_data ->> 'name'), ''), 80)
    from auth.users u
  on conflict do nothing;

  alter table public.users add constraint users_id_auth_users_fkey
    foreign key (id) references auth.users (id) on delete cascade;

  -- Security definer: Supabase Auth inserts as its own role, which has no rights on public.users.
  -- An empty search_path: every name below is qualified. A row that cannot be created (an email
  -- another account already has) is skipped rather than failing Supabase's sign-up; the API then
  -- refuses that account's requests until it is resolved.
  create function public.chitchat_on_auth_user() returns trigger
    language plpgsql security definer set search_path = '' as $f$
  begin
    if tg_op = 'INSERT' then
      insert into public.users (id, email, display_name)
      values (
        new.id,
        lower(coalesce(new.email, new.id::text || '@users.supabase')),
        left(nullif(coalesce(new.raw_user_meta_data ->> 'display_name', new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'name'), ''), 80)
      )
      on conflict do nothing;
    elsif new.email is distinct from old.email and new.email is not null then
      update public.users set email = lower(new.email)
       where id = new.id
         and not exists (select 1 from public.users o where o.email = lower(new.email) and o.id <> new.id);
    end if;
    return new;
  end $f$;
  revoke all on function public.chitchat_on_auth_user() from public, anon, authenticated;

  create trigger chitchat_on_auth_user_created after insert on auth.users
    for each row execute function public.chitchat_on_auth_user();
  create trigger chitchat_on_auth_user_email after update of email on auth.users
    for each row execute function public.chitchat_on_auth_user();
end $supabase$;
