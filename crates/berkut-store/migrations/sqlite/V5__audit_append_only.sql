-- The audit log is append-only: the service only ever inserts. An entry edited or removed
-- through SQL would still show in `berkut audit verify` (each entry seals the one before it in
-- a SHA-256 chain); these triggers refuse such a change before it happens. Whoever can drop
-- them owns the database file, and the chain is what remains against them.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries are never changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries are never deleted');
END;
