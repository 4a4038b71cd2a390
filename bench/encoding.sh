#!/usr/bin/env bash
# Encoding throughput: Quarry's pipeline vs a bare ONNX Runtime session vs LangChain4j, first N SciFact documents.
# Usage: bench/encoding.sh [model] [documents] [threads] [batch size]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/jdk-java.sh"
exec "${JAVA[@]}" -Xmx4g -Dai.djl.offline=true -cp "$BENCH_JAR" dev.quarry.bench.EncodingBenchmark "$@"
