-- The usage log: one row per lookup request, shipped from each instance's local journal. Partitioned by
-- month in Asia/Bangkok time (partitions are created ahead and dropped after the retention period by the
-- gateway). Idempotent by record id. Each instance's records form an HMAC chain (seq, prev_hash, hash).
DROP TABLE usage_record;

CREATE TABLE usage_log (
  id              uuid        NOT NULL,                -- UUIDv7
  at              timestamptz NOT NULL,
  instance_id     text        NOT NULL,
  seq             bigint      NOT NULL,                -- position in the instance's chain, from 1
  agency_code     text,
  office_code     text,
  officer_id      uuid,
  session_id      uuid,
  device_id       text,
  service_code    text,
  dataset         text,
  upstream        text,
  request_ref     text,
  outcome         text        NOT NULL,
  status          smallint    NOT NULL,
  problem         text,
  latency_us      bigint      NOT NULL,
  cache           text,
  target_hash     bytea,                               -- HMAC-SHA256 of the target citizen ID (exact search)
  target_enc      bytea,                               -- AES-256-GCM of the target citizen ID
  target_key      text,                                -- id of the key that sealed it
  correlation_id  text,
  prev_hash       bytea       NOT NULL,
  hash            bytea       NOT NULL,
  shipped_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);

CREATE INDEX usage_log_at ON usage_log (at);
CREATE INDEX usage_log_agency_at ON usage_log (agency_code, at);
CREATE INDEX usage_log_officer_at ON usage_log (officer_id, at);
CREATE INDEX usage_log_target ON usage_log (target_hash);
CREATE INDEX usage_log_chain ON usage_log (instance_id, seq);
