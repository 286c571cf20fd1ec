-- Where retention cut each instance's chain: the last record of the months it dropped (its seq and chain hash), sealed
-- under a key derived from privacy.hmacKey. usage verify follows a chain on from this mark instead of reporting the
-- dropped records as deleted; without the key nobody can claim that records were dropped by retention.
CREATE TABLE usage_chain_retained (
  instance_id     text        PRIMARY KEY,
  seq             bigint      NOT NULL,             -- the highest seq of the instance's records dropped
  hash            bytea       NOT NULL,             -- that record's chain hash
  seal            bytea       NOT NULL              -- HMAC over instance_id, seq and hash (Chain.retentionSeal)
);
