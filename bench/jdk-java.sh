# Sourced by the bench scripts: $JAVA is a JDK 21+ java with the flags Quarry runs with.
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$home/bin/jdk.sh"
jdk=$(quarry_find_jdk) || exit 1
JAVA=("$jdk/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dquarry.home="$home")
export MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
BENCH_JAR="$home/quarry-bench/target/quarry-bench.jar"
if [ ! -f "$BENCH_JAR" ]; then
  echo "bench: $BENCH_JAR is missing; build it with: bin/mvn -q package -DskipTests" >&2
  exit 1
fi
