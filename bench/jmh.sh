#!/usr/bin/env bash
# JMH micro-benchmarks: bench/jmh.sh [JMH options and benchmark regex], e.g. bench/jmh.sh EvaluatorBenchmark
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/jdk-java.sh"
exec "${JAVA[@]}" -jar "$BENCH_JAR" -jvmArgsPrepend "--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED" "$@"
