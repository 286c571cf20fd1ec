-- Which running gateway writes each instance's chain. The instance id lives in the journal's directory, so a copy of a
-- data directory (a cloned VM, one volume snapshot given to two containers) started while the original runs would write
-- the same chain from the same seq: usage verify then reports the interleaved records as tampering. The start-up check
-- against PostgreSQL (JournalCheck) cannot tell two copies started from the same state apart; this lease can. A
-- running gateway renews its lease every few seconds; a stopped one deletes it; a crashed one's lapses.
CREATE TABLE journal_lease (
  instance_id     text        PRIMARY KEY,
  holder          uuid        NOT NULL,             -- this run of the gateway (a new one per start)
  host            text        NOT NULL,             -- the machine's name, for the operator
  pid             bigint      NOT NULL,             -- the process id on that host...
  process_start   bigint,                           -- ... and when it started (ms since 1970; a pid is reused)
  renewed_at      timestamptz NOT NULL              -- PostgreSQL's clock
);
