-- 0001: the store's identity. Seals name the instance, so a seal taken from one store never
-- verifies against another.
CREATE TABLE riwayat_instance (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    instance_id uuid NOT NULL DEFAULT gen_random_uuid(),
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO riwayat_instance DEFAULT VALUES;
