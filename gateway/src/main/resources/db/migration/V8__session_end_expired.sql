-- A session that reached its absolute lifetime ends as EXPIRED (the periodic clean-up stored such ends as IDLE).
ALTER TABLE card_session DROP CONSTRAINT card_session_end_reason_check;
ALTER TABLE card_session ADD CONSTRAINT card_session_end_reason_check
  CHECK (end_reason IN ('LOGOUT', 'CARD_REMOVED', 'IDLE', 'EXPIRED', 'REVOKED', 'DEVICE_REVOKED', 'OFFICER_LOCKED'));
