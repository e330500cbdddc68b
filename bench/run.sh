#!/usr/bin/env bash
# The benchmark: the seed's naive migration vs the engine on a table of ROWS rows (default 1,000,000) while an
# application writes to it; writes docs/benchmarks.md. Needs only a JDK 17+ (PostgreSQL is embedded).
#   bench/run.sh [ROWS]                 e.g. bench/run.sh 10000000
#   BENCH_SCENARIOS=FROM_PARENT bench/run.sh 100000     one scenario (DEFAULT_OWNER, FROM_PARENT, EXISTING_COLUMN)
#   PG_MAJOR=18 bench/run.sh            another PostgreSQL major (17 or 18 without -Ppg-matrix)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
SCENARIOS="${BENCH_SCENARIOS:-DEFAULT_OWNER,FROM_PARENT,EXISTING_COLUMN}"
COMMAND="bench/run.sh $*"
[ -n "${BENCH_SCENARIOS:-}" ] && COMMAND="BENCH_SCENARIOS=$SCENARIOS $COMMAND"
[ -n "${PG_MAJOR:-}" ] && COMMAND="PG_MAJOR=$PG_MAJOR $COMMAND"
exec ./mvnw -B -ntp -q -Pbench test-compile exec:exec \
  -Dbench.rows="$ROWS" -Dbench.scenarios="$SCENARIOS" -Dbench.command="${COMMAND% }" \
  -Dbench.loadBefore="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" \
  ${PG_MAJOR:+-Dpg.default="$PG_MAJOR"}
