-- Retention keeps a month past retention while it holds records that reached the database recently (a gateway whose
-- clock was behind stamped them with a month long past). Records arrive in shipped_at order, so a BRIN index (block
-- ranges' lowest and highest shipped_at, a few pages for a month) answers that without reading the month: a month of a
-- nationwide deployment is hundreds of millions of rows, read under the lock every instance's partition maintenance
-- takes. Next to nothing to keep up on insert; autovacuum summarizes new block ranges as they fill.
CREATE INDEX usage_log_shipped_at ON usage_log USING brin (shipped_at) WITH (autosummarize = on);
