-- Card sessions. The bearer token is never stored: only its SHA-256.
CREATE TABLE card_session (
  id              uuid        PRIMARY KEY,
  token_hash      bytea       NOT NULL UNIQUE,
  officer_id      uuid        NOT NULL REFERENCES officer (id),
  agency_code     text        NOT NULL REFERENCES agency (code),
  device_id       text        NOT NULL REFERENCES device (id),
  chip_id         text        NOT NULL,
  card_expiry     date,                                -- null for a lifetime card
  created_at      timestamptz NOT NULL,
  last_seen_at    timestamptz NOT NULL,                -- persisted at most every session.touchInterval
  expires_at      timestamptz NOT NULL,                -- absolute lifetime
  ended_at        timestamptz,
  end_reason      text CHECK (end_reason IN ('LOGOUT', 'CARD_REMOVED', 'IDLE', 'REVOKED', 'DEVICE_REVOKED', 'OFFICER_LOCKED'))
);
CREATE INDEX card_session_officer ON card_session (officer_id) WHERE ended_at IS NULL;
CREATE INDEX card_session_device ON card_session (device_id) WHERE ended_at IS NULL;
CREATE INDEX card_session_created ON card_session (created_at);

-- A challenge is stateless (MAC-protected); it is marked used here on its first login attempt.
CREATE TABLE session_challenge_used (
  nonce_hash      bytea       PRIMARY KEY,
  expires_at      timestamptz NOT NULL
);
CREATE INDEX session_challenge_used_expiry ON session_challenge_used (expires_at);

-- Failed and refused logins, for the monthly report: who (when known), when, why. Never the PIN.
CREATE TABLE login_failure (
  id              uuid        PRIMARY KEY,
  at              timestamptz NOT NULL,
  agency_code     text,
  officer_id      uuid,
  citizen_id_hash bytea,                               -- keyed hash of the card's citizen ID, when read
  device_id       text,
  reason          text        NOT NULL,                -- a problem slug, e.g. card-answer-invalid, wrong-pin, pin-blocked
  tries_remaining smallint
);
CREATE INDEX login_failure_at ON login_failure (at);
CREATE INDEX login_failure_agency_at ON login_failure (agency_code, at);

-- Who changed the registry, when, and what (admin calls).
CREATE TABLE admin_audit (
  id              uuid        PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT now(),
  actor           text        NOT NULL,                -- officer id, or 'bootstrap' for the set-up token
  action          text        NOT NULL,                -- e.g. officer.register, device.enroll, device.revoke, officer.unlock
  target          text        NOT NULL,                -- the object's id (never a citizen ID)
  detail          jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX admin_audit_at ON admin_audit (at);
