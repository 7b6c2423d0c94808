-- Comparators a council adds itself (another authority's figure from a report or a
-- benchmarking club), with where it came from and the date it is for. Published DfE figures
-- are shipped as reference data, not stored here. Keep in step with the PostgreSQL migration.
CREATE TABLE comparators (
    id INTEGER PRIMARY KEY,
    indicator TEXT NOT NULL CHECK (length(trim(indicator)) > 0),
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    value REAL NOT NULL,
    unit TEXT NOT NULL CHECK (unit IN ('percent', 'count', 'rate_per_10k')),
    source TEXT NOT NULL CHECK (length(trim(source)) > 0),
    as_of TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE INDEX comparators_indicator ON comparators(indicator);
