-- Border checks and what they rest on: the checkpoints that exist, the emergency declarations
-- that keep expired documents valid, and every check made (who, where, when, document,
-- outcome, the matcher and policy versions, and the whole answer as given to the officer).
-- Dates are ISO 8601 text, times RFC 3339 UTC text.

CREATE TABLE checkpoints (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE emergency_declarations (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    -- A JSON list of checkpoint codes; NULL for all checkpoints.
    checkpoints         TEXT,
    effective_from      TEXT NOT NULL,
    effective_until     TEXT NOT NULL,
    expired_on_or_after TEXT NOT NULL,
    valid_until         TEXT NOT NULL,
    ended_on            TEXT,
    declared_by         TEXT NOT NULL,
    declared_at         TEXT NOT NULL,
    ended_by            TEXT,
    end_reason          TEXT
);

CREATE TABLE checks (
    id               INTEGER PRIMARY KEY,
    checked_at       TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    officer          TEXT NOT NULL,
    checkpoint       TEXT NOT NULL REFERENCES checkpoints (code),
    direction        TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
    document_country TEXT,
    document_number  TEXT,
    outcome          TEXT NOT NULL,
    matcher_version  TEXT NOT NULL,
    policy_version   TEXT NOT NULL,
    result           TEXT NOT NULL
);

CREATE INDEX checks_document ON checks (document_country, document_number);
