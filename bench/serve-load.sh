#!/usr/bin/env bash
# Load on `quarry serve` (BM25, then dense flat search) and on Solr 9.10.1 (BM25) over the same corpus and queries,
# one server at a time, on loopback only: CLIENTS closed-loop clients for SECONDS after a warm-up, SciFact's judged
# test queries cycled, top 10. Prints one line per system (throughput, p50, p99, errors, nDCG@10 of its answers).
# Usage: bench/serve-load.sh [clients 16] [seconds 60] [warm-up seconds 10] [dataset scifact]
# Indexes are built once into target/serve-load (the dense one encodes the corpus with bge-small: minutes).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/jdk-java.sh"
clients=${1:-16}
seconds=${2:-60}
warmup=${3:-10}
dataset=${4:-scifact}
data="${QUARRY_DATA:-$home/../shared/data}/$dataset"
work="$home/target/serve-load"
mkdir -p "$work"
port=${QUARRY_BENCH_PORT:-18080}
solr_port=$((port + 1))

[ -f "$work/bm25/quarry-index.json" ] || "$home/bin/quarry" index --corpus "$data" --index "$work/bm25" --kind bm25
[ -f "$work/dense/quarry-index.json" ] || "$home/bin/quarry" index --corpus "$data" --index "$work/dense" \
  --kind dense --model bge-small-en-v1.5
solr_jar="$home/quarry-bench/solr/target/quarry-bench-solr.jar"
[ -f "$solr_jar" ] || (cd "$home" && bin/mvn -q -P solr-peer -pl quarry-bench/solr package -DskipTests)

# Waits until FILE has a line matching PATTERN (the server's "listening on URL"), then prints the URL.
wait_for_url() {
  local file=$1 pid=$2
  for _ in $(seq 1 600); do
    if grep -qo 'listening on http://[^ ]*' "$file"; then
      grep -o 'listening on http://[^ ]*' "$file" | head -1 | sed 's/listening on //'
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "bench: the server died; see $file" >&2; return 1; }
    sleep 0.5
  done
  echo "bench: no URL in $file after 300 s" >&2
  return 1
}

load() {
  "${JAVA[@]}" -Xmx1g -cp "$BENCH_JAR" dev.quarry.bench.HttpLoadBenchmark "$@" "$data" test "$clients" "$seconds" \
    "$warmup"
}

echo "serve-load: $clients clients, $seconds s after $warmup s of warm-up, $dataset test queries, $(date -u +%F)"
"$home/bin/quarry" serve --index "$dataset=$work/bm25" --index "$dataset=$work/dense" --dataset "$data" \
  --port "$port" > "$work/serve.out" 2> "$work/serve.err" &
serve=$!
url=$(wait_for_url "$work/serve.out" "$serve")
load "quarry bm25" "${url}api/search?index=$dataset&retriever=bm25&k=10&q={q}" quarry
load "quarry bm25, no snippets" "${url}api/search?index=$dataset&retriever=bm25&k=10&snippets=false&q={q}" quarry
load "quarry dense" "${url}api/search?index=$dataset&retriever=dense&k=10&q={q}" quarry
kill -TERM "$serve"
wait "$serve" || true
tail -1 "$work/serve.err"

rm -rf "$work/solr-home"
"${JAVA[@]}" -Xmx2g -jar "$solr_jar" "$data/corpus.jsonl" "$solr_port" "$work/solr-home" > "$work/solr.out" \
  2> "$work/solr.err" &
solr=$!
url=$(wait_for_url "$work/solr.out" "$solr")
load "solr bm25" "$url/select?q={q}&rows=10&fl=id,score&sow=false" solr
kill -TERM "$solr"
wait "$solr" || true
