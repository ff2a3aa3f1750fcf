-- Witness cosignatures (C2SP tlog-cosignature) of signed checkpoints: a witness that checked a
-- checkpoint extends the last one it cosigned sends its cosignature line; the daemon checks it
-- against the witness keys it was given and keeps it. Append-only.
CREATE TABLE checkpoint_cosignatures (
    tree_size   bigint      NOT NULL REFERENCES log_checkpoints (tree_size),
    witness     text        NOT NULL,
    line        text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tree_size, witness)
);

CREATE TRIGGER checkpoint_cosignatures_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON checkpoint_cosignatures
    FOR EACH STATEMENT EXECUTE FUNCTION riwayat_verifiable_append_only();
