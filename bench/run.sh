#!/usr/bin/env bash
# The benchmark: the seed's naive migration vs the engine on a table of ROWS rows (default 1,000,000) while an
# application writes to it; writes docs/benchmarks.md. Needs only a JDK 17+ (PostgreSQL is embedded). See
# bench/README.md.
#   bench/run.sh [ROWS[,ROWS...]]                    e.g. bench/run.sh 1000000,10000000 (both in one report)
#   BENCH_SCENARIOS=FROM_PARENT bench/run.sh 100000  some scenarios (DEFAULT_OWNER, FROM_PARENT, EXISTING_COLUMN,
#                                                    PARTITIONED, COMPOSITE_KEY, REPLICA: from-parent on the primary
#                                                    of a streaming replica, engine with maxReplicaLag 1s)
#   BENCH_RUNNERS=naive,engine bench/run.sh          some runners (naive, naive-alone, engine, engine-alone,
#                                                    engine-p2, engine-key / engine-pages: backfillOrder
#                                                    Key / Pages (engine: Auto),
#                                                    engine-jvm: the packaged CLI in a JVM of its own)
#   BENCH_REPEAT=3 bench/run.sh                      more rounds: the report takes medians and worst cases
#   BENCH_ENGINE_EXECUTION='lockTimeout: 200ms' bench/run.sh   engine settings to try (named in the report)
#   BENCH_REPORT=docs/benchmarks-10m.md bench/run.sh 10000000   the report elsewhere (default docs/benchmarks.md)
#   PG_MAJOR=18 bench/run.sh                         another PostgreSQL major (17 or 18)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
RUNNERS="${BENCH_RUNNERS:-naive,naive-alone,engine,engine-p2,engine-jvm}"
COMMAND="bench/run.sh${1:+ $1}"
for v in PG_MAJOR BENCH_ENGINE_EXECUTION BENCH_REPEAT BENCH_SCENARIOS BENCH_RUNNERS BENCH_REPORT; do
  [ -n "${!v:-}" ] && COMMAND="$v='${!v}' $COMMAND"
done
if [[ ",$RUNNERS," == *",engine-jvm,"* ]]; then
  ./mvnw -B -ntp -q package -DskipTests # the CLI the engine-jvm runner starts
fi
exec ./mvnw -B -ntp -q -Pbench test-compile exec:exec \
  -Dbench.rows="$ROWS" \
  -Dbench.scenarios="${BENCH_SCENARIOS:-DEFAULT_OWNER,FROM_PARENT,EXISTING_COLUMN,PARTITIONED,COMPOSITE_KEY,REPLICA}" \
  -Dbench.runners="$RUNNERS" \
  -Dbench.report="$(realpath -m "${BENCH_REPORT:-docs/benchmarks.md}")" \
  -Dbench.repeat="${BENCH_REPEAT:-1}" \
  -Dbench.engine.execution="${BENCH_ENGINE_EXECUTION:-}" \
  -Dbench.command="$COMMAND" \
  -Dbench.loadBefore="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" \
  ${PG_MAJOR:+-Dpg.default="$PG_MAJOR"}
