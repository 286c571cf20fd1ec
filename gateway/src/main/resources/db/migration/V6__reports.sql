-- Monthly usage reports and their sign-offs. A report's content is frozen when generated: its canonical
-- JSON is stored as text with its SHA-256; regenerating makes a new version. Each sign-off stores the
-- hash of the content its signer approved.
CREATE TABLE monthly_report (
  id              uuid        PRIMARY KEY,
  agency_code     text        NOT NULL REFERENCES agency (code),
  month           text        NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  version         integer     NOT NULL CHECK (version >= 1),
  state           text        NOT NULL CHECK (state IN ('DRAFT', 'SUBMITTED', 'VERIFIED', 'REVIEWED', 'SENT_TO_SUPERVISOR',
                                                        'ESCALATED_TO_ICT', 'SUPERSEDED')),
  content         text        NOT NULL,             -- canonical JSON of the report (without its workflow)
  content_hash    text        NOT NULL,             -- SHA-256 of content, hex
  anomalies       integer     NOT NULL,
  verify_due      date        NOT NULL,             -- the 3rd of the next month
  send_due        date        NOT NULL,             -- the 5th of the next month
  generated_at    timestamptz NOT NULL,
  generated_by    text        NOT NULL,             -- officer id, or 'system'
  state_changed_at timestamptz NOT NULL,
  UNIQUE (agency_code, month, version)
);
CREATE INDEX monthly_report_month ON monthly_report (month, state);

CREATE TABLE report_signoff (
  id              uuid        PRIMARY KEY,
  report_id       uuid        NOT NULL REFERENCES monthly_report (id),
  step            text        NOT NULL CHECK (step IN ('SUBMIT', 'VERIFY', 'REVIEW', 'SEND', 'ESCALATE')),
  officer_id      uuid        NOT NULL REFERENCES officer (id),
  officer_name    text        NOT NULL,
  role            text        NOT NULL,
  at              timestamptz NOT NULL,
  comment         text        NOT NULL,
  content_hash    text        NOT NULL,
  UNIQUE (report_id, step)
);

-- The report's session rules look up an agency's (and an officer's) sessions of a month.
CREATE INDEX card_session_agency_created ON card_session (agency_code, created_at);
CREATE INDEX card_session_officer_created ON card_session (officer_id, created_at);

-- The usage log summed per Bangkok month, agency, officer, service, dataset, outcome and problem, kept
-- current by a statement trigger in the same transaction as every insert (a record the shipper sends
-- twice is inserted once, and counted once). Reports and the national summary read their totals here
-- instead of scanning the month's records; only distinct citizens and the per-record rules read the log.
CREATE TABLE usage_monthly (
  month           text        NOT NULL,             -- YYYY-MM in Asia/Bangkok
  agency_code     text        NOT NULL,             -- '' when the request carried no valid agency key
  officer_id      uuid        NOT NULL,             -- the nil UUID when there was no card session
  service_code    text        NOT NULL,
  dataset         text        NOT NULL,
  outcome         text        NOT NULL,
  problem         text        NOT NULL,             -- '' for served lookups
  requests        bigint      NOT NULL,
  cache_hits      bigint      NOT NULL,
  without_ref     bigint      NOT NULL,             -- served without a request reference
  PRIMARY KEY (month, agency_code, officer_id, service_code, dataset, outcome, problem)
) WITH (fillfactor = 70);

CREATE FUNCTION usage_monthly_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- keys in a fixed order, so that instances shipping at the same time never deadlock
  INSERT INTO usage_monthly AS m (month, agency_code, officer_id, service_code, dataset, outcome, problem, requests, cache_hits, without_ref)
  SELECT to_char(at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM'), coalesce(agency_code, ''),
         coalesce(officer_id, '00000000-0000-0000-0000-000000000000'), coalesce(service_code, ''), coalesce(dataset, ''), outcome,
         coalesce(problem, ''), count(*), count(*) FILTER (WHERE cache IN ('HIT', 'STALE')),
         count(*) FILTER (WHERE outcome = 'SERVED' AND request_ref IS NULL)
  FROM added GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (month, agency_code, officer_id, service_code, dataset, outcome, problem) DO UPDATE
    SET requests = m.requests + excluded.requests, cache_hits = m.cache_hits + excluded.cache_hits,
        without_ref = m.without_ref + excluded.without_ref;
  RETURN NULL;
END $$;

CREATE TRIGGER usage_monthly_add AFTER INSERT ON usage_log REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION usage_monthly_add();

INSERT INTO usage_monthly (month, agency_code, officer_id, service_code, dataset, outcome, problem, requests, cache_hits, without_ref)
SELECT to_char(at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM'), coalesce(agency_code, ''),
       coalesce(officer_id, '00000000-0000-0000-0000-000000000000'), coalesce(service_code, ''), coalesce(dataset, ''), outcome,
       coalesce(problem, ''), count(*), count(*) FILTER (WHERE cache IN ('HIT', 'STALE')),
       count(*) FILTER (WHERE outcome = 'SERVED' AND request_ref IS NULL)
FROM usage_log GROUP BY 1, 2, 3, 4, 5, 6, 7;
