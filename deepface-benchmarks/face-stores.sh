#!/usr/bin/env bash
# Measures the face database stores (FaceStoreBenchmark): starts a two-node SolrCloud in its own JVM
# (SolrCloudLauncher, from the solr store's tests), runs the benchmark (which starts its own PostgreSQL with
# initdb/pg_ctl), stops SolrCloud. Writes deepface-benchmarks/target/face-stores/face-stores.md.
#
#   deepface-benchmarks/face-stores.sh [--no-build] [benchmark options, e.g. --sizes 10000,100000 --queries 200]
#
# Needs PostgreSQL's server (apt-get install -y postgresql), Java 17+, Maven, and shared/ beside the checkout.
# About 15 minutes on 2 cores with the default sizes (most of it SolrCloud indexing 100 000 vectors).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
build=true
if [ "${1:-}" = "--no-build" ]; then build=false; shift; fi
if $build; then
  mvn -B -q -DskipTests install -pl deepface-api,deepface-onnx,deepface-opencv,deepface-djl,examples/stores/postgres,examples/stores/solr -am
  mvn -B -q -DskipTests compile -pl deepface-benchmarks
fi
mvn -B -q dependency:build-classpath -pl deepface-benchmarks -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
solr=$(mktemp -d /tmp/deepface-solr-bench.XXXXXX)
mvn -B -q -pl examples/stores/solr exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.deepface.store.solr.SolrCloudLauncher -Dexec.args="2 $solr" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=error >"$solr.log" 2>&1 &
launcher=$!
trap 'touch "$solr/stop"; wait $launcher 2>/dev/null || true; rm -rf "$solr" "$solr.args"' EXIT
for _ in $(seq 1 240); do [ -s "$solr/urls" ] && break; sleep 0.5; done
[ -s "$solr/urls" ] || { echo "SolrCloud did not start; see $solr.log" >&2; exit 1; }
# The classpath goes in an argument file: with a command line over about 5 000 characters, embedding crashed the
# JVM natively here (SIGSEGV, no hs_err file; any long -cp does it, the same classpath from a file does not).
cp=$(cat deepface-benchmarks/target/bench-classpath.txt)
echo "-cp deepface-benchmarks/target/classes:$cp" >"$solr.args"
java -Xmx6g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error @"$solr.args" \
  io.deepface.benchmarks.search.FaceStoreBenchmark --shared "$root/../shared" --solr-url "$(cat "$solr/urls")" "$@"
