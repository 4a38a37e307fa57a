#!/usr/bin/env bash
# Runs the benchmark suite and writes one Markdown report.
#
#   deepface-benchmarks/run.sh [--full] [--report FILE] [--no-build]
#
# Default (bounded, about 30 minutes on 2 cores): this checkout side by side with commit 1c6fdeb (compare.sh;
# DEEPFACE_BENCH_BASE=REV for another), JMH speed suite (quick profile), memory over 10 000
# verify calls, search at scale (exact over 100 000 synthetic 512-d vectors, HNSW over 50 000 with the settings from
# before issue 16 and the new defaults side by side; DEEPFACE_BENCH_JAVA=/path/to/java runs it on another JDK), cold start,
# attribute accuracy, the attribute models on half the development faces with their shipped recipes, LFW on a
# 300-pair subset (60 per fold) with the default detector and embedders, and every detector on the WIDER FACE
# development photos (recall, false detections, precision-recall curves from detections scoring 0.2 or more), and
# stream analysis (fps at 640x480 and 1280x720, detection every 1st/3rd/5th frame; latency and drops at 30 fps).
# --full: JMH with each benchmark's own settings, search over 1 000 000 vectors with the new defaults, every attribute
# model under twelve face framings on all development faces (about an hour), precision-recall curves from every
# detection scoring 0.05 or more, and LFW
# on all 3000 pairs for every detector x embedder x alignment on the classpath (hours; embeddings are
# cached in target/benchmark-report/lfw/embeddings, so a rerun only computes what is new), and triplet-loss
# embedding adapters trained on LFW folds 1-3 and scored on folds 4-5.
#
# Needs Java 17+, Maven 3.8+ and the shared/ folder (models, datasets) beside the checkout, or
# DEEPFACE_BENCH_SHARED=/path/to/shared. Writes deepface-benchmarks/target/benchmark-report.md and the
# parts (JMH JSON and logs, ROC curves) in deepface-benchmarks/target/benchmark-report/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=$(cd "${DEEPFACE_BENCH_SHARED:-$root/../shared}" && pwd)
report="$here/target/benchmark-report.md"
full=false
build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=true ;;
    --report) report=$2; shift ;;
    --no-build) build=false ;;
    *) echo "usage: $0 [--full] [--report FILE] [--no-build]" >&2; exit 2 ;;
  esac
  shift
done
parts="${report%.md}"
mkdir -p "$parts"
parts=$(cd "$parts" && pwd)

if $build; then
  (cd "$root" && mvn -q -B -DskipTests package -pl deepface-benchmarks,examples -am)
fi
jar=$(ls "$here"/target/deepface-benchmarks-*.jar | grep -v -e sources -e tests | head -1)
cp="$jar:$here/target/lib/*"
java_opts=(-Djava.awt.headless=true -Ddeepface.model.path="$shared/models" -Ddeepface.offline=true
  -Ddeepface.home="$parts/deepface-home" -Ddeepface.bench.shared="$shared"
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.logFile=System.err)
export OPT_OUT_TRACKING=true

if $full; then
  speed_args=(--profile full)
  lfw_args=(--detectors all --models all --alignments all)
  search_args=(--exact 100000,1000000 --hnsw 1000000 --queries 200 --candidates 50,100,200,400,800,1600)
  survey_args=()
  wider_args=(--floor 0.05)
  stream_args=(--seconds 10 --live-seconds 30)
else
  speed_args=(--profile quick)
  lfw_args=(--pairs-per-fold 60 --detectors retinaface-yunet,yunet --models fusion,faceplugin-512,mobilefacenet-128
    --alignments landmarks)
  search_args=(--exact 100000 --hnsw 50000 --queries 100 --candidates 50,100,200,400 --settings compare)
  survey_args=(--crops shipped --utk-step 2)
  wider_args=(--floor 0.2)
  stream_args=(--seconds 5 --live-seconds 10)
fi

steps=""
# The search step runs on DEEPFACE_BENCH_JAVA when set (a java binary, e.g. a Java 21+ JDK): there Lucene's SIMD
# vector code is enabled with --add-modules jdk.incubator.vector (and, past the Java versions Lucene 9.12 knows,
# its upperJavaFeatureVersion property); every other step runs on the java in PATH.
search_java=${DEEPFACE_BENCH_JAVA:-java}
search_opts=()
search_feature=$("$search_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${search_feature:-17}" -ge 21 ] 2>/dev/null; then
  search_opts=(--add-modules jdk.incubator.vector -Dorg.apache.lucene.vectorization.upperJavaFeatureVersion="$search_feature")
fi
step_java=java
step() {
  local name=$1; shift
  local start load
  start=$(date +%s)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== $name (load $load)" >&2
  "$step_java" "${java_opts[@]}" -cp "$cp" "$@"
  steps="$steps| $name | $(( $(date +%s) - start )) s | $load | $(cut -d' ' -f1-3 /proc/loadavg) |
"
}

suite_start=$(date +%s)
# Side by side with the commit the speed work started from (issue 16's targets are ratios to it).
compare_start=$(date +%s)
compare_load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== side by side with ${DEEPFACE_BENCH_BASE:-1c6fdeb} (load $compare_load)" >&2
"$here/compare.sh" --base "${DEEPFACE_BENCH_BASE:-1c6fdeb}" --no-build --report "$parts/compare.md"
steps="$steps| side by side with ${DEEPFACE_BENCH_BASE:-1c6fdeb} | $(( $(date +%s) - compare_start )) s | $compare_load | $(cut -d' ' -f1-3 /proc/loadavg) |
"
step "speed (JMH)" io.deepface.benchmarks.speed.SpeedSuite --out "$parts" "${speed_args[@]}"
step "memory over 10 000 verify calls" io.deepface.benchmarks.memory.MemoryCheck \
  --lfw "$shared/datasets/lfw-dev" --calls 10000 --threads 2 --out "$parts"
step_java=$search_java
step "search at scale" -Xmx10g "${search_opts[@]}" io.deepface.benchmarks.search.SearchScaleBenchmark \
  "${search_args[@]}" --dir "$parts/hnsw" --out "$parts"
step_java=java
rm -rf "$parts/hnsw"
step "cold start" io.deepface.benchmarks.memory.ColdStart --lfw "$shared/datasets/lfw-dev" --runs 3 --out "$parts"
step "attribute accuracy" io.deepface.benchmarks.attributes.AttributeAccuracy --datasets "$shared/datasets" --out "$parts"
step "attribute models on the development sets" io.deepface.benchmarks.attributes.AttributeSurvey \
  --datasets "$shared/datasets" --out "$parts/attribute-survey" "${survey_args[@]}"
cp "$parts/attribute-survey/survey.md" "$parts/attribute-survey.md"
step "detection on wider-dev" io.deepface.benchmarks.detection.WiderBenchmark --wider "$shared/datasets/wider-dev" \
  --detectors all --out "$parts/wider" "${wider_args[@]}"
step "stream analysis" io.deepface.benchmarks.stream.StreamBenchmark --lfw "$shared/datasets/lfw-dev" --out "$parts" \
  "${stream_args[@]}"
step "LFW" io.deepface.benchmarks.lfw.LfwBenchmark --pairs "$shared/datasets/lfw-dev/pairs.txt" \
  --images "$shared/datasets/lfw-dev/images" --out "$parts/lfw" "${lfw_args[@]}"
if $full; then
  # Triplet-loss adapters trained on the people of LFW folds 1-3, scored on folds 4-5 (about 20 minutes).
  step "embedding adapters" -Xmx6g io.deepface.benchmarks.lfw.AdapterEvaluation \
    --pairs "$shared/datasets/lfw-dev/pairs.txt" --images "$shared/datasets/lfw-dev/images" --out "$parts/adapter"
fi

{
  echo "# DeepFace for Java: benchmark report"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)'), $($full && echo 'full run' || echo 'bounded run'), $(( ($(date +%s) - suite_start) / 60 )) minutes. $(nproc) processors."
  echo
  echo "| step | time | load before (1, 5, 15 min) | load after |"
  echo "|---|---|---|---|"
  printf '%s' "$steps"
  echo
  cat "$parts/compare.md"
  echo
  cat "$parts/speed.md" "$parts/memory.md" "$parts/coldstart.md" "$parts/search.md" "$parts/attributes.md" \
    "$parts/attribute-survey.md" "$parts/stream.md"
  sed -e 's/^## /### /' -e 's/^# /## /' -e "s#](pr-#]($(basename "$parts")/wider/pr-#g" "$parts/wider/wider-report.md"
  echo
  sed -e 's/^# /## /' -e "s#](roc-#]($(basename "$parts")/lfw/roc-#g" "$parts/lfw/lfw-report.md"
  if [ -f "$parts/adapter/adapter.md" ]; then
    echo
    echo "## Embedding adapters (LFW folds 1-3 -> 4-5)"
    echo
    cat "$parts/adapter/adapter.md"
  fi
} > "$report"
echo "Wrote $report" >&2
