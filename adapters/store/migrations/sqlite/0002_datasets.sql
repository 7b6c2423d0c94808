-- Child-level datasets (CIN census XML, Annex A). Each child's events are kept as one JSON
-- document of the pure event model: the indicators and samples read whole children, and one
-- document per child keeps the two backends on one code path. No names are ever stored.

CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    source_format TEXT NOT NULL CHECK (source_format IN ('cin-xml', 'annex-a-xlsx', 'annex-a-csv')),
    census_year INTEGER,
    extract_date TEXT,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    counts TEXT NOT NULL,
    errors INTEGER NOT NULL,
    queries INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE dataset_children (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    la_child_id TEXT NOT NULL,
    events TEXT NOT NULL
);

CREATE TABLE dataset_issues (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'query')),
    child_id TEXT,
    field TEXT NOT NULL,
    message TEXT NOT NULL,
    location TEXT
);

CREATE INDEX dataset_children_dataset ON dataset_children(dataset_id);
CREATE INDEX dataset_issues_dataset ON dataset_issues(dataset_id, severity, rule);
CREATE UNIQUE INDEX datasets_file ON datasets(file_sha256);
