-- PostgreSQL translation of src/store/sql/011_login_throttle.sql.
-- 011: login throttling per username and client address (src/store/accounts.c,
-- src/core/throttle.h). Failures are counted for one username from one
-- address, and for one address across usernames; no query counts a
-- username across addresses any more (that let an attacker lock a user out).
CREATE INDEX login_attempts_by_username_ip ON login_attempts(username, ip, at);
DROP INDEX login_attempts_by_username;
