# Sourced by ./kubexm and the test script: exports JAVA_HOME pointing at a JDK >= 21.
# Looks at JAVA_HOME, then javac on PATH, then every JDK under $KUBEXM_JVM_DIR (default /usr/lib/jvm).
kubexm_java_major() { # prints the feature version of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1
}
kubexm_find_java() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local jvm_dir="${KUBEXM_JVM_DIR:-/usr/lib/jvm}"
  for c in "$jvm_dir"/*/; do [ -d "$c" ] && candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(kubexm_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  cat >&2 <<MSG
kubexm needs a JDK 21 or newer and found none (looked at JAVA_HOME, javac on PATH and $jvm_dir/*).
Install one, for example: apt-get install openjdk-21-jdk-headless (or a Temurin 21+ JDK),
or point JAVA_HOME at it.
MSG
  return 1
}
