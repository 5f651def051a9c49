-- The registry: every revision of every decision, the persons they concern, the batches that
-- brought them, and the partners that may send them. Nothing here is ever updated in place
-- except partner settings; the current state of a decision is derived (view current_decisions).

CREATE TABLE partners (
    source            TEXT PRIMARY KEY,
    public_key        BLOB,
    require_signature INTEGER NOT NULL DEFAULT 0,
    updated_at        TEXT NOT NULL
);

CREATE TABLE batches (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    signed_by   TEXT,
    imported_at TEXT NOT NULL
);

-- A person is the set of identical person records; what they hold is read from the
-- revisions that name them.
CREATE TABLE persons (
    id          INTEGER PRIMARY KEY,
    fingerprint BLOB NOT NULL UNIQUE
);

CREATE TABLE decision_revisions (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    ref           TEXT NOT NULL,
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    authority     TEXT NOT NULL,
    kind          TEXT NOT NULL,
    category      TEXT NOT NULL,
    status        TEXT NOT NULL,
    decided_on    TEXT NOT NULL,
    ban_until     TEXT,
    legal_basis   TEXT,
    fine_amount   TEXT,
    fine_currency TEXT,
    fine_paid     INTEGER,
    person_id     INTEGER NOT NULL REFERENCES persons (id),
    batch_id      INTEGER NOT NULL REFERENCES batches (id),
    raw           TEXT NOT NULL,
    -- berkut_core::content_fingerprint of the decision, to spot a revision resent changed.
    content_hash  BIGINT NOT NULL,
    UNIQUE (source, ref, revision)
);

CREATE INDEX decision_revisions_person ON decision_revisions (person_id);

CREATE VIEW current_decisions AS
SELECT r.*
FROM decision_revisions r
WHERE r.revision = (
    SELECT MAX(newer.revision) FROM decision_revisions newer
    WHERE newer.source = r.source AND newer.ref = r.ref
);
