-- The registry: every revision of every decision, the persons they concern, the batches that
-- brought them, and the partners that may send them. Nothing here is ever updated in place
-- except partner settings; the current state of a decision is derived (view current_decisions).

CREATE TABLE partners (
    source            TEXT PRIMARY KEY,
    public_key        BYTEA,
    require_signature BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE batches (
    id          BIGSERIAL PRIMARY KEY,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    signed_by   TEXT,
    imported_at TIMESTAMPTZ NOT NULL
);

-- A person is the set of identical person records; what they hold is read from the
-- revisions that name them.
CREATE TABLE persons (
    id          BIGSERIAL PRIMARY KEY,
    fingerprint BYTEA NOT NULL UNIQUE
);

CREATE TABLE decision_revisions (
    id            BIGSERIAL PRIMARY KEY,
    source        TEXT NOT NULL,
    ref           TEXT NOT NULL,
    revision      BIGINT NOT NULL CHECK (revision >= 1),
    authority     TEXT NOT NULL,
    kind          TEXT NOT NULL,
    category      TEXT NOT NULL,
    status        TEXT NOT NULL,
    decided_on    DATE NOT NULL,
    ban_until     TEXT,
    legal_basis   TEXT,
    fine_amount   TEXT,
    fine_currency TEXT,
    fine_paid     BOOLEAN,
    person_id     BIGINT NOT NULL REFERENCES persons (id),
    batch_id      BIGINT NOT NULL REFERENCES batches (id),
    raw           TEXT NOT NULL,
    -- berkut_core::content_fingerprint of the decision, to spot a revision resent changed.
    content_hash  BIGINT NOT NULL,
    UNIQUE (source, ref, revision)
);

CREATE INDEX decision_revisions_person ON decision_revisions (person_id);

CREATE VIEW current_decisions AS
SELECT DISTINCT ON (source, ref) *
FROM decision_revisions
ORDER BY source, ref, revision DESC;
