-- Who may use the service, and the trace of everything they did with it.
--
-- Passwords are stored as Argon2id PHC strings; API tokens only as the SHA-256 of the token
-- (a token is 256 random bits, so a fast hash is enough; the token itself is shown once).
-- The audit log is append-only by convention and tamper-evident by construction: each entry
-- carries the SHA-256 of its content chained to the previous entry's hash, and `seq` counts
-- from 1 without gaps, so an edited, deleted, inserted or reordered entry breaks the chain.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('border_officer', 'inspector', 'supervisor',
                                               'admin', 'auditor', 'partner')),
    -- The partner's source (country code) for role 'partner'; null otherwise.
    source        TEXT,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT,
    CHECK ((role = 'partner') = (source IS NOT NULL))
);

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    route     TEXT NOT NULL,
    purpose   TEXT NOT NULL,
    subject   TEXT NOT NULL,
    result    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

-- Policies an administrator put in force; the newest is the one the service applies.
CREATE TABLE policies (
    id          INTEGER PRIMARY KEY,
    version     TEXT NOT NULL,
    text        TEXT NOT NULL,
    replaced_by TEXT NOT NULL,
    replaced_at TEXT NOT NULL
);
