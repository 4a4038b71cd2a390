#!/usr/bin/env bash
# Dense retrieval quality and encoding throughput on SciFact test, one embedded model after another, exact search.
# Usage: bench/dense-scifact.sh [model ...]   (default: all embedded models). Runs go to runs/dense-<model>.trec.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(bge-small-en-v1.5 bge-small-en-v1.5-int8 all-MiniLM-L6-v2 all-MiniLM-L6-v2-int8 e5-small-v2)
mkdir -p "$home/runs"
for model in "${models[@]}"; do
  echo "== $model"
  "$home/bin/quarry" evaluate --dataset scifact --split test --retriever dense --model "$model" \
    --run "$home/runs/dense-$model.trec" --tag "$model" 2>&1 | grep -vE '^(Encoding|Searching|Indexing) '
done
