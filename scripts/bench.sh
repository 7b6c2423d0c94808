#!/usr/bin/env bash
# Performance measurements for issues 2 (plans), 4 (case data) and 5 (indicators).
#
#   scripts/bench.sh
#
# Builds in release mode (into $CARGO_TARGET_DIR, or target/ when unset), runs everything
# below and prints a results table (Markdown) at the end. docs/benchmarks.md records a run.
#
#   1. cargo bench -p assure-web --bench plan_pages   (criterion means; target: each
#      board-paper format under 300 ms)
#   2. assure data generate / data validate / data import over a CIN census XML file of
#      $CHILDREN simulated children, and data validate over one of $BIG_CHILDREN (targets:
#      read + validate >= 100 MB/s on one core; peak RSS under 300 MB whatever the size)
#   3. assure kpi from the file and from the store, and the pure compute timing example
#      core/indicators/examples/speed.rs (targets: whole catalogue < 1 s once events are
#      loaded; monthly series for a year < 2 s)
#
# Environment:
#   CARGO_TARGET_DIR  build directory (default: <repo>/target)
#   BENCH_DIR         scratch directory for the generated files (default: /tmp/bench);
#                     emptied at the end unless KEEP=1
#   CHILDREN          simulated children for the main file (default: 1000000)
#   BIG_CHILDREN      simulated children for the memory check (default: 2000000; 0 skips)
#   IMPORT_TIMEOUT    seconds before the SQLite import is abandoned (default: 900)
#   NICE              prefix for the measured commands (default: "nice -n 5"; set to "" on
#                     an idle machine)
#   SKIP_CRITERION=1  skip step 1
#   BENCH_COMMIT      the commit to name in the results, when run from an exported tree
#                     (e.g. `git archive HEAD | tar -x -C DIR`) rather than a checkout
#
# Needs GNU time (/usr/bin/time; Debian package `time`) for peak memory; Chromium for the
# PDF board paper (the benchmark skips PDF without it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BENCH_DIR="${BENCH_DIR:-/tmp/bench}"
CHILDREN="${CHILDREN:-1000000}"
BIG_CHILDREN="${BIG_CHILDREN:-2000000}"
IMPORT_TIMEOUT="${IMPORT_TIMEOUT:-900}"
read -r -a NICE_CMD <<<"${NICE-nice -n 5}"
KEEP="${KEEP:-0}"

say() { printf '\n== %s\n' "$*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        say "installing GNU time"
        apt-get install -y -qq time >/dev/null
    else
        echo "error: /usr/bin/time (GNU time) is needed for peak memory: apt-get install time" >&2
        exit 1
    fi
fi

mkdir -p "$BENCH_DIR"
cleanup() {
    if [[ "$KEEP" != 1 ]]; then
        rm -f "$BENCH_DIR"/*.xml "$BENCH_DIR"/b.db "$BENCH_DIR"/b.db-* "$BENCH_DIR"/*.json \
            "$BENCH_DIR"/*.log "$BENCH_DIR"/*.err "$BENCH_DIR"/bin/assure "$BENCH_DIR"/bin/speed
        rmdir "$BENCH_DIR/bin" 2>/dev/null || true
        rmdir "$BENCH_DIR" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------
# Machine and build
# ---------------------------------------------------------------------------------------
DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
CPU="$(grep -m1 'model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
NPROC="$(nproc)"
MEM_MB="$(awk '/MemTotal/ {printf "%d", $2 / 1024}' /proc/meminfo)"
COMMIT="${BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}"
DIRTY=""
if [[ -z "${BENCH_COMMIT:-}" && -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    DIRTY=" (with uncommitted changes)"
fi
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

say "building release (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
# The built programs are copied out of the target directory before they are measured: when
# the target directory is shared, another build (of another checkout) may replace
# release/assure or release/examples/speed while this script runs. The .d file beside each
# names the sources it was built from, which must be this checkout's.
mkdir -p "$BENCH_DIR/bin"
take() {
    local built="$CARGO_TARGET_DIR/release/$1" main="$2" tries=0
    shift 2
    while :; do
        cargo build --release --locked "$@"
        if grep -qF "$ROOT/$main" "$built.d" && cp "$built" "$BENCH_DIR/bin/" \
            && grep -qF "$ROOT/$main" "$built.d"; then
            break
        fi
        tries=$((tries + 1))
        if ((tries == 3)); then
            echo "error: $built keeps being replaced by another build; use a private CARGO_TARGET_DIR" >&2
            exit 1
        fi
    done
}
take assure app/assure/src/main.rs -p assure
take examples/speed core/indicators/examples/speed.rs -p assure-indicators --example speed
ASSURE="$BENCH_DIR/bin/assure"

# Runs a command under GNU time; sets WALL (s, from the shell clock), RSS_MB (peak resident
# set, MiB), CPU_S (user + system s) and RC. Standard output goes to $1, standard error to $2.
measure() {
    local out="$1" err="$2" tv
    shift 2
    tv="$(mktemp)"
    local t0 t1
    t0="$(date +%s.%N)"
    set +e
    /usr/bin/time -v -o "$tv" "${NICE_CMD[@]}" "$@" >"$out" 2>"$err"
    RC=$?
    set -e
    t1="$(date +%s.%N)"
    WALL="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')"
    RSS_MB="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$tv")"
    CPU_S="$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$tv")"
    rm -f "$tv"
}

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 |"); }
# Target helpers: print "met" / "NOT met".
below() { awk -v v="$1" -v t="$2" 'BEGIN {print (v + 0 < t + 0) ? "met" : "NOT met"}'; }
at_least() { awk -v v="$1" -v t="$2" 'BEGIN {print (v + 0 >= t + 0) ? "met" : "NOT met"}'; }

# ---------------------------------------------------------------------------------------
# 1. Plans (issue 2): criterion
# ---------------------------------------------------------------------------------------
if [[ "${SKIP_CRITERION:-0}" != 1 ]]; then
    say "1. cargo bench -p assure-web --bench plan_pages"
    "${NICE_CMD[@]}" cargo bench --locked -p assure-web --bench plan_pages 2>&1 \
        | tee "$BENCH_DIR/criterion.log" >&2
    CRIT="$CARGO_TARGET_DIR/criterion"
    # The mean's point estimate (ns) from criterion's estimates.json.
    mean_ms() {
        local f="$CRIT/$1/new/estimates.json"
        if [[ ! -f "$f" ]]; then
            echo "-"
            return
        fi
        sed -E 's/^\{"mean":\{"confidence_interval":\{[^}]*\},"point_estimate":([-0-9.eE+]+).*/\1/' "$f" \
            | awk '{v = $1 / 1e6; if (v < 0.1) printf "%.4f", v; else if (v < 10) printf "%.3f", v; else printf "%.1f", v}'
    }
    for name in "load seed plan from TOML" "load seed plan from SQLite" "render overview page"; do
        row "Issue 2: $name (criterion mean)" "$(mean_ms "$name") ms" "-" "-"
    done
    for f in html docx xlsx pdf; do
        m="$(mean_ms "board paper/$f")"
        if [[ "$m" == "-" ]]; then
            row "Issue 2: board paper $f (criterion mean)" "not run (no Chromium?)" "< 300 ms" "-"
        else
            row "Issue 2: board paper $f (criterion mean)" "$m ms" "< 300 ms" "$(below "$m" 300)"
        fi
    done
fi

# ---------------------------------------------------------------------------------------
# 2. Case data (issue 4)
# ---------------------------------------------------------------------------------------
# generate N FILE: sets GEN_CHILDREN (children written to the file) and GEN_BYTES.
generate() {
    local n="$1" file="$2"
    measure /dev/null "$BENCH_DIR/generate.log" \
        "$ASSURE" data generate --children "$n" --format cin-xml -o "$file"
    cat "$BENCH_DIR/generate.log" >&2
    [[ $RC -eq 0 ]] || { echo "error: data generate failed ($RC)" >&2; exit 1; }
    GEN_CHILDREN="$(sed -nE 's/.*: ([0-9]+) children in the census year.*/\1/p' "$BENCH_DIR/generate.log")"
    GEN_BYTES="$(stat -c %s "$file")"
}

# validate FILE CHILDREN LABEL: one read + validate, reported as a table row.
validate() {
    local file="$1" children="$2" label="$3"
    measure /dev/null "$BENCH_DIR/validate.log" \
        "$ASSURE" data validate "$file" --format json
    local mbs cps
    mbs="$(awk -v b="$(stat -c %s "$file")" -v s="$WALL" 'BEGIN {printf "%.0f", b / 1e6 / s}')"
    cps="$(awk -v c="$children" -v s="$WALL" 'BEGIN {printf "%.0f", c / s}')"
    row "Issue 4: $label read + validate (exit $RC)" \
        "$WALL s wall ($CPU_S s CPU); $mbs MB/s; $cps children/s" ">= 100 MB/s" "$(at_least "$mbs" 100)"
    row "Issue 4: $label read + validate, peak RSS" "$RSS_MB MiB" "< 300 MB" "$(below "$RSS_MB" 286)"
    if [[ $RC -ne 0 ]]; then
        echo "warning: data validate exited $RC (0 expected); see $BENCH_DIR/validate.log" >&2
    fi
}

M1="$BENCH_DIR/1m.xml"
say "2. data generate --children $CHILDREN"
generate "$CHILDREN" "$M1"
CHILDREN_1="$GEN_CHILDREN"
SIZE_1_MB="$(awk -v b="$GEN_BYTES" 'BEGIN {printf "%.0f", b / 1e6}')"
row "Issue 4: generate $CHILDREN simulated → $CHILDREN_1 children in the file, $SIZE_1_MB MB" \
    "$WALL s wall; peak RSS $RSS_MB MiB" "-" "-"

say "2. data validate ($CHILDREN_1 children, $SIZE_1_MB MB)"
validate "$M1" "$CHILDREN_1" "$CHILDREN_1 children / $SIZE_1_MB MB:"
# Diagnostic: the same read + validate with the plain-text report, to separate the cost
# (time and memory) of building the JSON report from reading and validating.
measure "$BENCH_DIR/validate-text.log" "$BENCH_DIR/validate-text.err" \
    "$ASSURE" data validate "$M1" --format text
SUMMARY="$(tail -n1 "$BENCH_DIR/validate-text.log" | sed -E 's/.*children; //')"
row "Issue 4 (diagnostic): the same with --format text (exit $RC; $SUMMARY)" \
    "$WALL s wall; $(awk -v b="$GEN_BYTES" -v s="$WALL" 'BEGIN {printf "%.0f", b / 1e6 / s}') MB/s; peak RSS $RSS_MB MiB" "-" "-"
rm -f "$BENCH_DIR/validate-text.log"

say "2. data import into SQLite (timeout ${IMPORT_TIMEOUT}s)"
DB="$BENCH_DIR/b.db"
rm -f "$DB" "$DB"-*
measure "$BENCH_DIR/import.log" "$BENCH_DIR/import.err" \
    timeout "$IMPORT_TIMEOUT" "$ASSURE" --database-url "sqlite:$DB" data import "$M1"
cat "$BENCH_DIR/import.log" "$BENCH_DIR/import.err" >&2
IMPORTED=0
if [[ $RC -eq 0 ]]; then
    IMPORTED=1
    DB_MB="$(du -cm "$DB"* | awk 'END {print $1}')"
    row "Issue 4: import $CHILDREN_1 children into SQLite" \
        "$WALL s wall ($CPU_S s CPU); database $DB_MB MiB" "~10 min" "$(below "$WALL" 600)"
    row "Issue 4: import into SQLite, peak RSS" "$RSS_MB MiB" "< 300 MB" "$(below "$RSS_MB" 286)"
elif [[ $RC -eq 124 ]]; then
    row "Issue 4: import $CHILDREN_1 children into SQLite" \
        "stopped after $WALL s (timeout), peak RSS $RSS_MB MiB" "~10 min" "NOT met"
else
    row "Issue 4: import $CHILDREN_1 children into SQLite" "failed (exit $RC) after $WALL s" "-" "-"
fi

# ---------------------------------------------------------------------------------------
# 3. Indicators (issue 5)
# ---------------------------------------------------------------------------------------
say "3. kpi --input (read + validate + compute)"
measure "$BENCH_DIR/kpi-file.json" "$BENCH_DIR/kpi-file.log" \
    "$ASSURE" kpi --input "$M1" --format json
cat "$BENCH_DIR/kpi-file.log" >&2
row "Issue 5: kpi --input, $CHILDREN_1 children (file read included; exit $RC)" \
    "$WALL s wall; peak RSS $RSS_MB MiB" "-" "-"

if [[ $IMPORTED == 1 ]]; then
    say "3. kpi --dataset 1 (load from SQLite + compute)"
    measure "$BENCH_DIR/kpi-db.json" "$BENCH_DIR/kpi-db.log" \
        "$ASSURE" --database-url "sqlite:$DB" kpi --dataset 1 --format json
    cat "$BENCH_DIR/kpi-db.log" >&2
    row "Issue 5: kpi --dataset 1 from SQLite (load included; exit $RC)" \
        "$WALL s wall; peak RSS $RSS_MB MiB" "-" "-"
    if cmp -s <(grep -v '"generated' "$BENCH_DIR/kpi-file.json") \
        <(grep -v '"generated' "$BENCH_DIR/kpi-db.json"); then
        echo "kpi from the file and from the store agree" >&2
    else
        echo "note: kpi output from the file and from the store differ" >&2
    fi
fi

say "3. examples/speed (pure compute over 1,000,000 synthetic children)"
# = cargo run --release -p assure-indicators --example speed (built above)
"${NICE_CMD[@]}" "$BENCH_DIR/bin/speed" >"$BENCH_DIR/speed.log" 2>&1
head -n 6 "$BENCH_DIR/speed.log" >&2
speed_ms() { sed -nE "s/^$1.*: ([0-9]+) ms.*/\1/p" "$BENCH_DIR/speed.log" | head -n1; }
ALL_MS="$(speed_ms 'compute_all')"
SERIES_MS="$(speed_ms 'compute_series')"
ROLLING_MS="$(speed_ms 'compute_rolling_series')"
N_IND="$(sed -nE 's/^compute_all .*, ([0-9]+) indicators.*/\1/p' "$BENCH_DIR/speed.log")"
row "Issue 5: compute_all, $N_IND indicators, 1M children (best of 3)" "$ALL_MS ms" "< 1 s" "$(below "$ALL_MS" 1000)"
row "Issue 5: compute_series, 12 calendar months" "$SERIES_MS ms" "< 2 s" "$(below "$SERIES_MS" 2000)"
row "Issue 5: compute_rolling_series, 12 rolling windows" "$ROLLING_MS ms" "-" "-"

# ---------------------------------------------------------------------------------------
# Memory does not grow with the file: read + validate on a bigger file
# ---------------------------------------------------------------------------------------
if [[ "$BIG_CHILDREN" != 0 ]]; then
    rm -f "$DB" "$DB"-* # make room
    need_mb=$((SIZE_1_MB * BIG_CHILDREN / CHILDREN * 12 / 10))
    free_mb="$(df -Pm "$BENCH_DIR" | awk 'NR == 2 {print $4}')"
    if ((free_mb > need_mb + 1024)); then
        say "2. data generate --children $BIG_CHILDREN, then validate"
        M2="$BENCH_DIR/2m.xml"
        rm -f "$M1"
        generate "$BIG_CHILDREN" "$M2"
        SIZE_2_MB="$(awk -v b="$GEN_BYTES" 'BEGIN {printf "%.0f", b / 1e6}')"
        row "Issue 4: generate $BIG_CHILDREN simulated → $GEN_CHILDREN children in the file, $SIZE_2_MB MB" \
            "$WALL s wall; peak RSS $RSS_MB MiB" "-" "-"
        validate "$M2" "$GEN_CHILDREN" "$GEN_CHILDREN children / $SIZE_2_MB MB:"
    else
        row "Issue 4: $BIG_CHILDREN-child file" "skipped: ${free_mb} MiB free, ~${need_mb} MiB needed" "-" "-"
    fi
fi

LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------
cat <<EOF

Run $DATE, commit $COMMIT$DIRTY
Machine: $NPROC cores ($CPU), $MEM_MB MiB RAM; load average $LOAD_START at the start, $LOAD_END at the end
MB = 10^6 bytes; MiB = 2^20 bytes (300 MB = 286 MiB). Wall times from the shell clock; peak RSS from GNU time.

| Measurement | Result | Target | Met |
|---|---|---|---|
EOF
printf '%s\n' "${ROWS[@]}"
