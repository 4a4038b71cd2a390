#!/usr/bin/env bash
# ColBERT speed and size (docs/BENCHMARKS.md, issue 16):
#   bench/colbert.sh head BASE OUT [seed]                     a ColBERT model on BASE with an untrained projection
#   bench/colbert.sh recompress INDEX NBITS OUT                the same vectors (kept with --keep-floats) at other nbits
#   bench/colbert.sh search INDEX DATASET [queries]          index bytes; PLAID vs exhaustive MaxSim latency and agreement
#   bench/colbert.sh encode MODEL_DIR BASE DATASET [passages] ColBERT encoding vs the base model's dense encoder
#   bench/colbert.sh synthetic 1000000 [queries]              the same search figures at 1M synthetic token vectors
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/jdk-java.sh"
exec "${JAVA[@]}" -Xmx8g -Dai.djl.offline=true -cp "$BENCH_JAR" dev.quarry.bench.ColbertBenchmark "$@"
