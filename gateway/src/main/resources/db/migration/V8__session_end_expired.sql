-- A session that reached its absolute lifetime ends as EXPIRED (the periodic clean-up stored such ends as IDLE).
-- card_session keeps every session: the new check is added NOT VALID (the table's lock is held for a moment, not
-- for a scan of every row, so the instances still running meanwhile keep opening and reading sessions) and
-- validated by V9 under a lock that lets them. The migration gives up rather than queue every session call behind
-- it while a long reader (a report's snapshot) holds the table; the instance then stops and is started again.
SET LOCAL lock_timeout = '10s';
ALTER TABLE card_session DROP CONSTRAINT card_session_end_reason_check,
  ADD CONSTRAINT card_session_end_reason_check
  CHECK (end_reason IN ('LOGOUT', 'CARD_REMOVED', 'IDLE', 'EXPIRED', 'REVOKED', 'DEVICE_REVOKED', 'OFFICER_LOCKED')) NOT VALID;
