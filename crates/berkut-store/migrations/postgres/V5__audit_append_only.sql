-- The audit log is append-only: the service only ever inserts. An entry edited or removed
-- through SQL would still show in `berkut audit verify` (each entry seals the one before it in
-- a SHA-256 chain); these triggers refuse such a change before it happens. Whoever can drop
-- them owns the database, and the chain is what remains against them.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: entries are never changed or deleted (%)', TG_OP;
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
