#!/usr/bin/env bash
# Speed of this checkout against an earlier commit, side by side on the same machine in one run.
#
#   deepface-benchmarks/compare.sh [--base REV] [--rounds N] [--report FILE] [--no-build]
#
# Builds the CLI jar of REV (default 1c6fdeb, the commit the speed work started from) in
# deepface-benchmarks/target/compare/base and of this checkout, then alternates the two builds (a fresh JVM each,
# the order swapped every round) for: verify of two LFW photos, represent and analyze (age, gender, emotion) of one
# photo (median ms per call over 100 calls after a warm-up), represent throughput with 1 and 2 threads (faces/s over
# 8 s), and the CLI's `verify --pairs` on 200 LFW pairs with 2 threads (pairs/s, JVM start-up included). Each build
# uses its own default options. Speed-up = median over rounds of (base / new) for times, (new / base) for rates.
# About 8 minutes on 2 cores with 3 rounds. Writes target/benchmark-report/compare.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=$(cd "${DEEPFACE_BENCH_SHARED:-$root/../shared}" && pwd)
base=1c6fdeb
rounds=3
report="$here/target/benchmark-report/compare.md"
build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --report) report=$2; shift ;;
    --no-build) build=false ;;
    *) echo "usage: $0 [--base REV] [--rounds N] [--report FILE] [--no-build]" >&2; exit 2 ;;
  esac
  shift
done
work="$here/target/compare"
mkdir -p "$work" "$(dirname "$report")"
base_src="$work/base-$base"
if [ ! -f "$base_src/examples/target/deepface-cli.jar" ]; then
  rm -rf "$base_src"
  mkdir -p "$base_src"
  git -C "$root" archive "$base" | tar -x -C "$base_src"
  (cd "$base_src" && mvn -q -B -DskipTests package -pl examples -am)
fi
if $build; then
  (cd "$root" && mvn -q -B -DskipTests package -pl examples -am)
fi
base_jar="$base_src/examples/target/deepface-cli.jar"
new_jar="$root/examples/target/deepface-cli.jar"
lfw="$shared/datasets/lfw-dev"
export DEEPFACE_MODEL_PATH="$shared/models" DEEPFACE_OFFLINE=true OPT_OUT_TRACKING=true
java_opts=(-Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

# 200 pairs of LFW photos (tab-separated paths) for verify --pairs.
pairs="$work/pairs.tsv"
awk -v d="$lfw/images" -v max=200 'NF < 3 { next } n++ >= max { exit }
  NF==3 { printf "%s/%s/%s_%04d.jpg\t%s/%s/%s_%04d.jpg\n", d,$1,$1,$2, d,$1,$1,$3 }
  NF==4 { printf "%s/%s/%s_%04d.jpg\t%s/%s/%s_%04d.jpg\n", d,$1,$1,$2, d,$3,$3,$4 }' "$lfw/pairs.txt" > "$pairs"

measure() { # build-jar scenario -> prints the value
  local jar=$1 scenario=$2
  # Each build keeps its own model cache: their TF.js converters may differ, and each would redo the other's files.
  local home="$work/home-base"
  [ "$jar" = "$new_jar" ] && home="$work/home-new"
  export DEEPFACE_HOME="$home"
  if [ "$scenario" = pairs ]; then
    local t0 t1
    t0=$(date +%s.%N)
    java "${java_opts[@]}" -jar "$jar" verify --pairs "$pairs" --threads 2 > "$work/pairs-out.jsonl"
    t1=$(date +%s.%N)
    echo "$(wc -l < "$work/pairs-out.jsonl") $t0 $t1" | awk '{ printf "%.3f\n", $1 / ($3 - $2) }'
  else
    java "${java_opts[@]}" -cp "$jar" "$here/compare/SideBySide.java" "$scenario" "$lfw/images" \
      | awk '/^RESULT/ { print $3 }'
  fi
}

{
  echo "## Side by side: this checkout against $base"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) processors, $rounds rounds alternating the builds (fresh JVM each)."
  echo "Load before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| measure | $base | this checkout | speed-up (median of rounds) | rounds |"
  echo "|---|---|---|---|---|"
} > "$report.tmp"
for scenario in verify represent analyze throughput-1 throughput-2 pairs; do
  b_all=() n_all=() ratios=()
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then
      b=$(measure "$base_jar" "$scenario"); n=$(measure "$new_jar" "$scenario")
    else
      n=$(measure "$new_jar" "$scenario"); b=$(measure "$base_jar" "$scenario")
    fi
    b_all+=("$b"); n_all+=("$n")
    case "$scenario" in
      throughput-*|pairs) ratios+=("$(awk -v b="$b" -v n="$n" 'BEGIN { printf "%.3f", n / b }')") ;;
      *) ratios+=("$(awk -v b="$b" -v n="$n" 'BEGIN { printf "%.3f", b / n }')") ;;
    esac
    echo "$scenario round $r: $base $b, new $n" >&2
  done
  median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  unit="ms per call"
  case "$scenario" in throughput-*) unit="faces/s" ;; pairs) unit="pairs/s" ;; esac
  label="$scenario ($unit)"
  [ "$scenario" = pairs ] && label="CLI verify --pairs, 200 pairs, 2 threads (pairs/s, start-up included)"
  echo "| $label | $(median "${b_all[@]}") | $(median "${n_all[@]}") | $(median "${ratios[@]}")x | ${ratios[*]} |" >> "$report.tmp"
done
echo >> "$report.tmp"
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$report.tmp"
mv "$report.tmp" "$report"
cat "$report"
