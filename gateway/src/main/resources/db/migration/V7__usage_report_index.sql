-- Indexes for the monthly report at national scale (load-tests/README.md, report-scale).
--
-- The report scans one agency's month of usage_log for what the usage_monthly roll-up cannot answer
-- (distinct citizens, one citizen looked up by many officers, lookups outside working hours, with the
-- usage ids behind each). One agency's records are spread over the whole partition, so through the
-- plain (agency_code, at) index each scan read most of the partition's heap pages: 1.7 s for an
-- agency with 158,000 records in a 10-million-record month. This index carries the columns those
-- scans need, so they are index-only scans of one contiguous range (0.2 s). It replaces the plain
-- index, which the usage queries (GET /v1/usage) use the same way.
CREATE INDEX usage_log_agency_at_cover ON usage_log (agency_code, at)
  INCLUDE (id, officer_id, service_code, outcome, problem, target_hash);
DROP INDEX usage_log_agency_at;

-- The evidence of the repeated-refusals and missing-request-ref rules: an officer's first such
-- records of the month. Through the officer index those rows had to be picked out of all the
-- officer's records (0.6 s for the busiest agency); these partial indexes hold only the few.
CREATE INDEX usage_log_refused ON usage_log (officer_id, at) WHERE outcome = 'REFUSED';
CREATE INDEX usage_log_without_ref ON usage_log (officer_id, at) WHERE outcome = 'SERVED' AND request_ref IS NULL;
