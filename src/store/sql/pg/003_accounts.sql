-- PostgreSQL translation of src/store/sql/003_accounts.sql.
-- 003: accounts, sessions, API tokens and login throttling (src/store/accounts.c).
-- Secrets are never stored: passwords as libsodium crypto_pwhash_str
-- (Argon2id) strings, session and API tokens as the hex BLAKE2b hash of the
-- random token the client holds. Times used in arithmetic (expiry,
-- throttling windows) are Unix seconds.

CREATE TABLE users (
  id BIGINT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('admin', 'hmci', 'inspector', 'analyst', 'body', 'lpb')),
  body_id BIGINT REFERENCES bodies(id),
  password_hash TEXT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
  updated_at TEXT NOT NULL DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
  CHECK ((role IN ('body', 'lpb')) = (body_id IS NOT NULL)));
SELECT ov_add_serial('users');

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id BIGINT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT);
SELECT ov_add_serial('api_tokens');
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

-- Failed logins only; a success clears the username's failures.
CREATE TABLE login_attempts (
  id BIGINT PRIMARY KEY,
  username TEXT NOT NULL,
  ip TEXT NOT NULL,
  at BIGINT NOT NULL);
SELECT ov_add_serial('login_attempts');
CREATE INDEX login_attempts_by_username ON login_attempts(username, at);
CREATE INDEX login_attempts_by_ip ON login_attempts(ip, at);
