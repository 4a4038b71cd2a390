#!/usr/bin/env bash
# End-to-end BM25 benchmark: index SciFact, run its 300 test queries at top-1000 with 1 and 2 threads.
# Usage: bench/bm25-scifact.sh [dataset] [split] [k] [builds] [warm-up rounds] [measured rounds]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/jdk-java.sh"
exec "${JAVA[@]}" -Xmx2g -cp "$BENCH_JAR" dev.quarry.bench.Bm25EndToEndBenchmark "${@:-scifact}"
