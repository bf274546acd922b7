# Shared by ./kdss, scripts/test and bench/run: find JDK 25 and Maven, build the jar.
# shellcheck shell=bash

kdss_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kdss_jar="$kdss_root/kdss-dist/target/kdss.jar"

kdss_die() {
  echo "kdss: $*" >&2
  exit 1
}

# Sets JAVA_HOME to a JDK 25: $JAVA_HOME if it is one, else the newest /usr/lib/jvm/*25*.
kdss_find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
    return 0
  fi
  for candidate in /usr/lib/jvm/*25*; do
    if [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  kdss_die "no JDK 25 found: install one (e.g. Temurin 25 under /usr/lib/jvm) or set JAVA_HOME to it"
}

kdss_find_maven() {
  command -v mvn >/dev/null 2>&1 || kdss_die "Maven is missing: install it (apt-get install maven)"
}

# JVM flags every KDSS process needs: Panama downcalls (ISA-L, io_uring, FUSE), the Vector API.
# io.netty.tryReflectionSetAccessible lets Netty allocate direct buffers without zeroing them
# and without a Cleaner (java.nio is opened for it); without it every new direct buffer goes
# through ByteBuffer.allocateDirect, which zeroes it.
kdss_jvm_flags() {
  echo "--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector" \
       "--sun-misc-unsafe-memory-access=allow -XX:+UseZGC -Dio.netty.tryReflectionSetAccessible=true" \
       "--add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
}

kdss_mvn() {
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -B -f "$kdss_root/pom.xml" "$@"
}

# Builds kdss-dist/target/kdss.jar when it is missing or older than any source, pom or conf/dev.yaml.
kdss_build_if_stale() {
  local newer=""
  if [ -f "$kdss_jar" ]; then
    newer=$(find "$kdss_root" \( -name target -o -name .git -o -name data -o -name node_modules \) -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' -o -path "$kdss_root/conf/dev.yaml" \) -type f \
      -newer "$kdss_jar" -print -quit)
  fi
  if [ ! -f "$kdss_jar" ] || [ -n "$newer" ]; then
    kdss_find_maven
    echo "kdss: building $(basename "$kdss_jar") (the first build downloads dependencies; a few minutes)..." >&2
    kdss_mvn -q -DskipTests -pl kdss-dist -am package >&2 || kdss_die "build failed (see above)"
  fi
}
