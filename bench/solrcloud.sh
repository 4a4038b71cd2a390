#!/usr/bin/env bash
# SolrCloud against Quarry's own indexes (docs/BENCHMARKS.md, issue 19): a SolrCloud of NODES Solr 9.10.1 nodes
# (quarry-solr-testcluster: Jetty nodes and ZooKeeper in one JVM) on this machine, a collection of SHARDS x REPLICAS
# published from a dense index of the dataset, and the dataset's judged test queries searched both ways:
# BM25, dense and hybrid (reciprocal rank fusion, k = 60) locally and in SolrCloud, with nDCG@10 and a paired test
# between each pair, and the time per query on one thread (top 1000 for quality; top 10 for latency).
# Usage: bench/solrcloud.sh [dataset scifact] [shards 2] [replicas 2] [nodes 2]
# Indexes are built once into target/solrcloud (the dense one encodes the corpus with bge-small: minutes).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$home/bin/jdk.sh"
java="$(quarry_find_jdk)/bin/java"
dataset=${1:-scifact}
shards=${2:-2}
replicas=${3:-2}
nodes=${4:-2}
data="${QUARRY_DATA:-$home/../shared/data}/$dataset"
work="$home/target/solrcloud"
quarry="$home/bin/quarry"
mkdir -p "$work"
[ -f "$work/bm25/quarry-index.json" ] || "$quarry" index --corpus "$data" --index "$work/bm25" --kind bm25
[ -f "$work/dense/quarry-index.json" ] || "$quarry" index --corpus "$data" --index "$work/dense" \
  --kind dense --model bge-small-en-v1.5
cluster_jar="$home/quarry-solr-testcluster/target/quarry-solr-testcluster.jar"
[ -f "$cluster_jar" ] || { echo "bench: $cluster_jar is missing; build with bin/mvn -q package -DskipTests" >&2; exit 1; }

rm -rf "$work/cloud"
fifo="$work/cluster.in"
rm -f "$fifo" && mkfifo "$fifo"
"$java" -Xmx4g -jar "$cluster_jar" "$nodes" "$work/cloud" < "$fifo" > "$work/cluster.out" 2> "$work/cluster.log" &
cluster=$!
exec 3> "$fifo"   # the cluster runs until this descriptor closes (at exit)
trap 'exec 3>&-; wait $cluster 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q '^ready' "$work/cluster.out" && break; sleep 0.5; done
grep -q '^ready' "$work/cluster.out" || { echo "bench: the cluster did not start; see $work/cluster.log" >&2; exit 1; }
zk=$(sed -n 's/^zk //p' "$work/cluster.out")
echo "SolrCloud: $nodes nodes, ZooKeeper at $zk"

"$quarry" publish --solr "$zk" --collection "$dataset" --index "$work/dense" --shards "$shards" --replicas "$replicas"
solr=(--retriever solr --solr "$zk" --collection "$dataset")
for k in 1000 10; do
  for mode in bm25 knn hybrid; do
    "$quarry" search "${solr[@]}" --solr-query "$mode" --dataset "$data" --k "$k" --threads 1 \
      --out "$work/solr-$mode-$k.trec" --overwrite
  done
  "$quarry" search --index "$work/bm25" --dataset "$data" --k "$k" --threads 1 --out "$work/local-bm25-$k.trec" \
    --overwrite
  "$quarry" search --index "$work/dense" --dataset "$data" --k "$k" --threads 1 --out "$work/local-knn-$k.trec" \
    --overwrite
  "$quarry" fuse --method rrf --run "$work/local-bm25-$k.trec" --run "$work/local-knn-$k.trec" --k "$k" \
    --out "$work/local-hybrid-$k.trec" --overwrite
done
for mode in bm25 knn hybrid; do
  echo "== $mode: SolrCloud against local (top 1000)"
  "$quarry" eval --dataset "$data" --run "$work/solr-$mode-1000.trec" --baseline "$work/local-$mode-1000.trec" --table
done
