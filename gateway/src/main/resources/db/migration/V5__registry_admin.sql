-- Registry administration: per agency service session limits (null inherits the configuration's
-- limits.services / limits.agencies / default, in that order), and indexes for reading the audit trail.
ALTER TABLE agency_service
  ADD COLUMN session_rate  numeric CHECK (session_rate > 0 AND session_rate <= 100000),   -- lookups per second (bucket refill)
  ADD COLUMN session_burst integer CHECK (session_burst BETWEEN 1 AND 1000000);           -- bucket size

CREATE INDEX admin_audit_actor_at ON admin_audit (actor, at);
CREATE INDEX admin_audit_action_at ON admin_audit (action, at);
CREATE INDEX officer_service_service ON officer_service (service_code);
