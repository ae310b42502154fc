#!/usr/bin/env bash
# lienthong benchmark (issue 6): builds what it needs, runs every step in one go, prints a table and writes
# benchmarks/results/latest.json and benchmarks/results/<yyyy-mm-ddTHHMM>.json. See benchmarks/README.md.
#
#   benchmarks/run.sh            full run (about 15 minutes; warm-up 30 s before every measurement)
#   QUICK=1 benchmarks/run.sh    smoke test (about 3-4 minutes; short windows, figures not comparable)
#
# Durations and sizes are environment variables (README.md lists them). Never runs `mvn install`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

jar="routes/target/lienthong.jar"
bench_jar="benchmarks/target/lienthong-bench.jar"
noop_jar="benchmarks/target/lienthong-bench-noop.jar"

# --- the bus jar: built when missing or older than any source or pom of the reactor
stale_sources() { # $1: reference file, rest: paths to look in
  local ref="$1"; shift
  [ ! -f "$ref" ] && return 0
  [ -n "$(find "$@" -type f -newer "$ref" -print -quit 2>/dev/null)" ]
}
if stale_sources "$jar" pom.xml artemis-config/pom.xml artemis-config/src connectors/pom.xml connectors/src \
    routes/pom.xml routes/src; then
  log "building the bus: ./mvnw -B -q package -DskipTests"
  ./mvnw -B -q package -DskipTests
else
  log "bus jar up to date: $jar"
fi

# --- the benchmark module (load generator, receiver, no-op server); not part of the reactor
if stale_sources "$bench_jar" benchmarks/pom.xml benchmarks/src || [ ! -f "$noop_jar" ]; then
  log "building the benchmark tools: ./mvnw -B -q -f benchmarks/pom.xml package"
  ./mvnw -B -q -f benchmarks/pom.xml package
else
  log "benchmark tools up to date: $bench_jar"
fi

# --- the Apache Artemis distribution of the bus's Artemis version, for the raw-broker ceiling R
artemis_version="$(sed -n 's:.*<artemis.version>\(.*\)</artemis.version>.*:\1:p' pom.xml | head -1)"
dist="benchmarks/target/dist"
artemis_home="$dist/apache-artemis-$artemis_version"
if [ ! -x "$artemis_home/bin/artemis" ]; then
  log "fetching apache-artemis-$artemis_version-bin.tar.gz (Maven Central) into $dist"
  mkdir -p "$dist"
  ./mvnw -B -q -f benchmarks/pom.xml dependency:copy \
    -Dartifact="org.apache.activemq:apache-artemis:$artemis_version:tar.gz:bin" -DoutputDirectory="$root/$dist"
  tar -xzf "$dist/apache-artemis-$artemis_version-bin.tar.gz" -C "$dist"
fi

# --- run: the orchestrator starts and stops every process it needs (by its own pid) and writes the results
bench_java_opts="${BENCH_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC}"
log "running the benchmark${QUICK:+ (QUICK=$QUICK)}"
set +e
# shellcheck disable=SC2086
java $bench_java_opts -cp "$bench_jar:benchmarks/target/lib/*" org.lienthong.bench.Main \
  --root "$root" --artemis-home "$root/$artemis_home"
code=$?
set -e
if [ "$code" -ne 0 ]; then
  log "the run was flagged (exit $code): see the problems listed above and in benchmarks/results/latest.json"
fi
exit "$code"
