#!/usr/bin/env bash
# Vector search at scale: exact, int8 and HNSW on 1M synthetic 384-d vectors (about 5 GB of disk while it runs).
# Usage: bench/vector-search.sh [vectors] [dimension] [queries] [folder to keep data in]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/jdk-java.sh"
exec "${JAVA[@]}" -Xmx8g -cp "$BENCH_JAR" dev.quarry.bench.VectorSearchBenchmark "$@"
