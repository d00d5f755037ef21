# Sourced by ./switchyard, scripts/test and .ci/run: sets JAVA_HOME to a JDK >= 22 (FFM is final
# there) or exits with a message that says what is missing. Looks at $JAVA_HOME first, then at
# every JDK under /usr/lib/jvm and /opt/java, newest first.

switchyard_java_major() { # prints the feature version of the java at $1/bin/java, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  # a JDK's release file names its version; reading it saves starting a JVM on every launch
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  if [ -n "$v" ]; then echo "$v"; return 0; fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

switchyard_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ /opt/java/*/ 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] || continue
    candidate=${candidate%/}
    major=$(switchyard_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 22 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "switchyard: error: no JDK 22 or newer found (looked at \$JAVA_HOME='${JAVA_HOME:-}' and /usr/lib/jvm/*)." >&2
  echo "switchyard: install one, e.g. 'apt-get install -y temurin-25-jdk' or 'openjdk-25-jdk', or set JAVA_HOME." >&2
  exit 1
}
