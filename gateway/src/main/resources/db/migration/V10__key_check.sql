-- Check values of the data-protection keys the records in this database are written with (an HMAC of a fixed
-- label under each key: they reveal nothing of the keys). An instance started with other keys stops at start-up.
CREATE TABLE key_check (
  kind text NOT NULL CHECK (kind IN ('hmac', 'aes')),
  key_id text NOT NULL,
  value bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, key_id)
);
