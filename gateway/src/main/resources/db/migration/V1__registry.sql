-- The registry: agencies, their API keys and services, officers, and enrolled card-edge devices.
-- Citizen IDs are never stored in plain text: a keyed hash (HMAC-SHA256) finds an officer, and an
-- AES-GCM ciphertext (with the id of the key that sealed it) lets authorised roles read it back.

CREATE TABLE agency (
  code            text        PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,31}$'),
  office_code     char(5)     NOT NULL CHECK (office_code ~ '^[0-9]{5}$'),
  name_th         text        NOT NULL CHECK (length(name_th) BETWEEN 1 AND 200),
  name_en         text        NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  monthly_quota   integer     NOT NULL CHECK (monthly_quota >= 0),
  work_days       smallint    NOT NULL DEFAULT 31 CHECK (work_days BETWEEN 0 AND 127), -- bit 0 = Monday .. bit 6 = Sunday
  work_start      time        NOT NULL DEFAULT '08:30',
  work_end        time        NOT NULL DEFAULT '16:30',
  active          boolean     NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (work_start < work_end)
);

CREATE TABLE agency_api_key (
  id              uuid        PRIMARY KEY,
  agency_code     text        NOT NULL REFERENCES agency (code),
  key_hash        bytea       NOT NULL UNIQUE,      -- SHA-256 of the secret; the secret is shown once
  key_prefix      text        NOT NULL,             -- first characters, to tell keys apart in listings
  label           text        NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz
);
CREATE INDEX agency_api_key_agency ON agency_api_key (agency_code);

-- The national catalogue of services an agency performs for citizens (e.g. a civil registration
-- service); a SUPERVISOR oversees one service across agencies.
CREATE TABLE service (
  code            text        PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9_.-]{1,39}$'),
  name_th         text        NOT NULL CHECK (length(name_th) BETWEEN 1 AND 200),
  name_en         text        NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- A service as one agency performs it, with the datasets it grants:
-- linkage.person, linkage.house, gdx.card-check, gdx.juristic.
CREATE TABLE agency_service (
  agency_code     text        NOT NULL REFERENCES agency (code),
  service_code    text        NOT NULL REFERENCES service (code),
  datasets        text[]      NOT NULL DEFAULT '{}',
  active          boolean     NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_code, service_code),
  CHECK (datasets <@ ARRAY['linkage.person','linkage.house','gdx.card-check','gdx.juristic']::text[])
);

CREATE TABLE officer (
  id              uuid        PRIMARY KEY,
  agency_code     text        NOT NULL REFERENCES agency (code),
  citizen_id_hash bytea       NOT NULL UNIQUE,
  citizen_id_enc  bytea       NOT NULL,
  citizen_id_key  text        NOT NULL,
  name_th         text        NOT NULL CHECK (length(name_th) BETWEEN 1 AND 200),
  name_en         text        NOT NULL DEFAULT '',
  rank            text        NOT NULL,
  roles           text[]      NOT NULL DEFAULT '{}',
  active          boolean     NOT NULL DEFAULT true,
  locked_at       timestamptz,                        -- set when the card's PIN was blocked; cleared by unlock
  lock_reason     text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (roles <@ ARRAY['USER','CONTROLLING_SUPERVISOR','HEAD_OF_AGENCY','SUPERVISOR','ADMIN','SUPER_ADMIN','ICT_AUDITOR']::text[]),
  CHECK (rank IN ('O1','O2','O3','O4','K1','K2','K3','K4','K5','M1','M2','S1','S2','EMPLOYEE'))
);
CREATE INDEX officer_agency ON officer (agency_code);

-- Services an officer works on (USER) or oversees (SUPERVISOR).
CREATE TABLE officer_service (
  officer_id      uuid        NOT NULL REFERENCES officer (id) ON DELETE CASCADE,
  service_code    text        NOT NULL REFERENCES service (code),
  PRIMARY KEY (officer_id, service_code)
);

CREATE TABLE device (
  id              text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$'),
  agency_code     text        NOT NULL REFERENCES agency (code),
  public_key      bytea       NOT NULL,               -- Ed25519, X.509 SubjectPublicKeyInfo encoding
  label           text        NOT NULL DEFAULT '',
  enrolled_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz,
  last_seen_at    timestamptz
);
CREATE INDEX device_agency ON device (agency_code);
