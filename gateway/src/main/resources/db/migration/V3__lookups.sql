-- Datasets an agency service may grant: the two well-known Linkage services, any other Linkage service
-- by its three-digit id (linkage.NNN), and the GDX APIs.
ALTER TABLE agency_service DROP CONSTRAINT agency_service_datasets_check;
ALTER TABLE agency_service ADD CONSTRAINT agency_service_datasets_check
  CHECK (array_to_string(datasets, ',') ~ '^((linkage\.(person|house|[0-9]{3})|gdx\.(card-check|juristic))(,|$))*$');

-- Quota counters shared by every instance: lookups per officer per day and per agency per month
-- (Asia/Bangkok periods). Instances add their counts every limits.quotaSyncInterval.
CREATE TABLE quota_usage (
  scope           text        NOT NULL CHECK (scope IN ('officer-day', 'agency-month')),
  subject         text        NOT NULL,                -- officer id or agency code
  period          text        NOT NULL,                -- 2026-11-02 or 2026-11
  used            bigint      NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, subject, period)
);

-- The usage log, one row per lookup request (allowed or refused). The target citizen ID is never stored
-- in plain text: AES-GCM ciphertext with its key id, and a keyed hash for exact search.
CREATE TABLE usage_record (
  id              uuid        PRIMARY KEY,             -- UUIDv7: time-ordered
  at              timestamptz NOT NULL,
  agency_code     text,
  office_code     text,
  officer_id      uuid,
  session_id      uuid,
  device_id       text,
  service_code    text,
  dataset         text,
  upstream        text,                                -- e.g. linkage/001/01, gdx/card-check
  request_ref     text,
  outcome         text        NOT NULL,                -- SERVED, REFUSED, UPSTREAM_ERROR, ERROR
  status          smallint    NOT NULL,
  problem         text,                                -- problem type slug of a refusal
  latency_us      bigint      NOT NULL,
  cache           text,                                -- HIT, MISS, STALE
  target_hash     bytea,
  target_enc      bytea,
  target_key      text,
  correlation_id  text
);
CREATE INDEX usage_record_at ON usage_record (at);
CREATE INDEX usage_record_agency_at ON usage_record (agency_code, at);
CREATE INDEX usage_record_target ON usage_record (target_hash);
