-- What follows a hit: officers' confirmations and dismissals (a detention needs two officers),
-- the memory of verified false hits, the automatic bans recorded after an entry attempt,
-- cases of persons held pending a partner's decision, and the partners' outbound feeds.

CREATE TABLE hit_reviews (
    id              INTEGER PRIMARY KEY,
    check_id        BIGINT NOT NULL REFERENCES checks (id),
    person_id       BIGINT NOT NULL,
    -- 'awaiting_second' (a detention confirmed by one officer), 'confirmed' or 'dismissed'.
    state           TEXT NOT NULL CHECK (state IN ('awaiting_second', 'confirmed', 'dismissed')),
    officer         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    reviewed_at     TEXT NOT NULL,
    second_officer  TEXT,
    second_reason   TEXT,
    second_at       TEXT,
    UNIQUE (check_id, person_id)
);

CREATE TABLE verified_false_hits (
    document_country TEXT NOT NULL,
    document_number  TEXT NOT NULL,
    person_id        BIGINT NOT NULL,
    -- What the registry said of the person when the hit was dismissed; a change revives the hit.
    record_stamp     TEXT NOT NULL,
    officer          TEXT NOT NULL,
    reason           TEXT NOT NULL,
    check_id         BIGINT NOT NULL REFERENCES checks (id),
    dismissed_at     TEXT NOT NULL,
    PRIMARY KEY (document_country, document_number, person_id)
);

CREATE TABLE automatic_bans (
    check_id   BIGINT NOT NULL REFERENCES checks (id),
    person_id  BIGINT NOT NULL,
    source     TEXT NOT NULL,
    ref        TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (source, ref)
);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    check_id        BIGINT NOT NULL REFERENCES checks (id),
    person_id       BIGINT NOT NULL,
    source          TEXT NOT NULL,
    ref             TEXT NOT NULL,
    -- The partner's revision of the decision when the case opened; a higher one resolves it.
    revision_at_open BIGINT NOT NULL,
    checkpoint      TEXT NOT NULL,
    opened_at       TEXT NOT NULL,
    hold_until      TEXT NOT NULL,
    closed_at       TEXT,
    closed_by       TEXT,
    close_reason    TEXT
);

CREATE TABLE notifications (
    seq        INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX notifications_source ON notifications (source, seq);
