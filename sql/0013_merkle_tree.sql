-- The verifiable log (RFC 9162 Merkle tree over the events, signed checkpoints).
--
-- merkle_nodes holds every complete subtree of the tree over the events in position order: the
-- node (level, index) is the hash of leaves index * 2^level .. (index + 1) * 2^level - 1 (leaf i
-- is the event at position i + 1). Level 0 are the leaf hashes. The tree grows as events commit
-- (the daemon's tree builder appends the nodes a new leaf completes); any root or proof is then
-- O(log n) lookups. Nodes are never changed: append-only for everybody, as the events are.
CREATE TABLE merkle_nodes (
    level smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
    index bigint   NOT NULL CHECK (index >= 0),
    hash  bytea    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, index)
);

-- Every checkpoint the daemon signed: a C2SP tlog-checkpoint signed note of the tree of
-- tree_size leaves. The signing key is never in the database; verifiers hold its public half.
CREATE TABLE log_checkpoints (
    tree_size bigint      PRIMARY KEY CHECK (tree_size >= 0),
    root      bytea       NOT NULL CHECK (length(root) = 32),
    note      text        NOT NULL,
    signed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION riwayat_verifiable_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'RW001';
END
$$;

CREATE TRIGGER merkle_nodes_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON merkle_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION riwayat_verifiable_append_only();
CREATE TRIGGER log_checkpoints_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON log_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION riwayat_verifiable_append_only();
