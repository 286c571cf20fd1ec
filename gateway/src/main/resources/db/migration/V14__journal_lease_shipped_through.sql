-- Each running gateway's progress in shipping its journal: every record it journaled with a time before this is in
-- usage_log (NULL: not known yet). The monthly drafts wait until every running instance has shipped past the month's
-- end, instead of a fixed hour after midnight that a database outage or a backlog could outlast.
ALTER TABLE journal_lease ADD COLUMN shipped_through timestamptz;
