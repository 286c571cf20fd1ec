-- V8's check over the rows already stored (every earlier end reason satisfies it); SHARE UPDATE EXCLUSIVE lets
-- sessions be opened, read and ended meanwhile.
ALTER TABLE card_session VALIDATE CONSTRAINT card_session_end_reason_check;
