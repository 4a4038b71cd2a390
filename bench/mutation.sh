#!/usr/bin/env bash
# Mutation testing of quarry-core's eval, data and vector packages with PIT (too slow for CI).
# Usage: bench/mutation.sh   -> report in quarry-core/target/pit-reports/index.html, score printed at the end.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
bin/mvn -q -pl quarry-core test-compile org.pitest:pitest-maven:mutationCoverage
csv=quarry-core/target/pit-reports/mutations.csv
awk -F, '{n++; if ($6 == "KILLED" || $6 == "TIMED_OUT" || $6 == "MEMORY_ERROR") k++} END {printf "mutation score: %d of %d killed (%.1f%%)\n", k, n, 100 * k / n}' "$csv"
awk -F, '$6 == "SURVIVED" || $6 == "NO_COVERAGE" {print $2 "." $4 " line " $5 ": " $3 " (" $6 ")"}' "$csv" | sort | uniq -c | sort -rn | head -40
