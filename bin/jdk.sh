# Sourced by bin/quarry, bin/mvn and .ci/run: prints the home of a JDK 21+ on standard output.
# Order: $JAVA_HOME if it is 21 or newer, else the newest JDK 21+ among the java on PATH, SDKMAN's JDKs and the
# system's JVM folders.

quarry_java_major() { # $1 = a JDK home; prints its major version or nothing
  local release="$1/release" v=""
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  elif [ -x "$1/bin/java" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = "1" ] && v=8
  printf '%s' "$v"
}

quarry_find_jdk() {
  local v best="" best_v=0 dir
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(quarry_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then printf '%s\n' "$JAVA_HOME"; return 0; fi
    echo "quarry: JAVA_HOME=$JAVA_HOME is Java ${v:-unknown}; Quarry needs 21 or newer, looking in the system's JVM folder" >&2
  fi
  local candidates=()
  if command -v java > /dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for dir in "${SDKMAN_DIR:-$HOME/.sdkman}"/candidates/java/* /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    candidates+=("$dir")
  done
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    v=$(quarry_java_major "$dir")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "quarry: no JDK 21 or newer found (checked JAVA_HOME, the java on PATH, SDKMAN and /usr/lib/jvm). Install one (for example Temurin 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  printf '%s\n' "$best"
}
