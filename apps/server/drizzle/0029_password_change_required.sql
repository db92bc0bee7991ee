-- 等保 2.0 §8.1.4.1 a: an account opened by the system admin with a password of the admin's choosing must change it
-- at its first sign-in (PASSWORD_INITIAL_MUST_CHANGE), as an expired one (PASSWORD_MAX_AGE_DAYS) must be changed
-- before the session may do anything else (plugins/authorization.ts, ADR 0004).
ALTER TABLE "users" ADD COLUMN "password_change_required" boolean DEFAULT false NOT NULL;