#!/usr/bin/env bash
# Builds target/ussl-lab.jsa, a class-data-sharing archive (AppCDS) of the classes the command
# line loads, so a fresh `ussl-lab` JVM maps them instead of parsing and verifying them again.
# Run by `mvn package` (tools/pom.xml); skip with -Dcds.skip=true. Never fails the build: without
# an archive the launcher simply runs without one.
#
# Static dump from class lists, not -XX:ArchiveClassesAtExit: JDK 17.0.15's dynamic dump crashes
# (SIGSEGV in adjust_lambda_proxy_class_dictionary) after a whole demo run, and lambda-proxy lines
# crash the static dump the same way, so they are left out of the list.
set -u
java=${1:?java}
target=${2:?target dir}
jar="$target/ussl-lab.jar"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f "$target/ussl-lab.jsa"
# Training runs: the top-level help (picocli and every command class) and compare (Bouncy Castle's
# TLS client for each profile, ClientHello parsing, JA3/JA4: what device and client load).
"$java" -XX:DumpLoadedClassList="$tmp/help.lst" -jar "$jar" --help > /dev/null 2>&1
"$java" -XX:DumpLoadedClassList="$tmp/compare.lst" -jar "$jar" compare > /dev/null 2>&1
cat "$tmp/help.lst" "$tmp/compare.lst" | grep -v '@lambda' | awk '!seen[$0]++' > "$tmp/classes.lst"
if "$java" -Xshare:dump -XX:SharedClassListFile="$tmp/classes.lst" -XX:SharedArchiveFile="$target/ussl-lab.jsa" \
    -cp "$jar" > "$tmp/dump.log" 2>&1; then
  echo "CDS archive: $target/ussl-lab.jsa ($(wc -l < "$tmp/classes.lst") classes)"
else
  rm -f "$target/ussl-lab.jsa"
  echo "CDS archive not built (the launcher runs without it): $(tail -1 "$tmp/dump.log")"
fi
exit 0
