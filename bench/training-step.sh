#!/usr/bin/env bash
# The cost of a training step against a forward pass: bench/training-step.sh [model] [batch] [query tokens] [passage tokens] [repetitions]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/jdk-java.sh"
exec "${JAVA[@]}" -Xmx4g -Dai.djl.offline=true -cp "$BENCH_JAR" dev.quarry.bench.TrainingStepBenchmark "$@"
