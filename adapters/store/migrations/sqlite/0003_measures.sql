-- Measurable success criteria linked to indicators (evidence-suggested status).
CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    area_id INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    criterion TEXT NOT NULL,
    indicator TEXT NOT NULL,
    baseline_value REAL,
    baseline_date TEXT,
    target REAL NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    tolerance REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('blue', 'green', 'amber', 'red', 'not-rated')),
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE measure_status_changes (
    id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);

CREATE TRIGGER measure_status_changes_no_update BEFORE UPDATE ON measure_status_changes
BEGIN
    SELECT RAISE(ABORT, 'status history is append-only');
END;

CREATE INDEX measures_area ON measures(area_id);
CREATE INDEX measure_status_changes_measure ON measure_status_changes(measure_id);
