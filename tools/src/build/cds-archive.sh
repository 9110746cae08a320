#!/usr/bin/env bash
# Builds target/ussl-lab.jsa, a class-data-sharing archive (AppCDS) of the classes the command
# line loads, so a fresh `ussl-lab` JVM maps them instead of parsing and verifying them again.
# Run by `mvn package` (tools/pom.xml); skip with -Dcds.skip=true. Never fails the build: without
# an archive the launcher simply runs without one.
#
# First it unsigns the launcher's copies of the signed jars in target/lib (Bouncy Castle, ACCP):
# the JVM keeps classes of signed jars out of any archive (AppCDS and JDK 25's AOT cache alike) and
# checks the digest of every entry it reads from them (ACCP's 9.6 MB native library included),
# which was a third of a device run's CPU and half of ACCP's loading (tools/BENCHMARKS.md). Their
# manifests keep the main section only: the per-entry digests (880 KB in bcprov) served the
# signature alone, and the JVM parses a jar's manifest whenever it defines one of its packages.
# OpenJDK builds (Debian's, Temurin) do not require a signed JCE provider; Oracle's JDK does: build
# with -Dcds.skip=true there. The Maven repository's jars, which the tests use, are left alone.
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
python3 - "$target"/lib/*.jar <<'EOF' || echo "signed jars left signed (their classes stay out of the archive)"
import os, re, sys, zipfile
signature = re.compile(r"META-INF/[^/]+\.(SF|RSA|DSA|EC)$", re.IGNORECASE)
for path in sys.argv[1:]:
    with zipfile.ZipFile(path) as jar:
        signed = any(signature.match(n) for n in jar.namelist())
        if not signed and b"\nName: " not in jar.read("META-INF/MANIFEST.MF"):
            continue  # done by an earlier build
        with zipfile.ZipFile(path + ".unsigned", "w") as out:
            for entry in jar.infolist():
                if signature.match(entry.filename):
                    continue
                data = jar.read(entry.filename)
                if entry.filename == "META-INF/MANIFEST.MF":
                    data = re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0] + b"\r\n\r\n"
                out.writestr(entry, data)
    os.replace(path + ".unsigned", path)
    print("unsigned for the archive: " + os.path.basename(path))
EOF
# ACCP's native library, taken out of its jar once here: the launcher has decrypt load it from
# target/native (useExternalLib), where ACCP otherwise inflates its 9.6 MB library into a temporary
# file and loads it from there at every start (about 0.1 s of CPU, tools/BENCHMARKS.md). ACCP
# refuses a library of another version than its own (the JDK's providers then serve).
rm -rf "$target/native"
python3 - "$target"/lib/AmazonCorrettoCryptoProvider-*.jar "$target/native" <<'EOF' || echo "ACCP's native library not extracted (it loads out of its jar)"
import os, sys, zipfile
jar, out = sys.argv[1], sys.argv[2]
name = "libamazonCorrettoCryptoProvider.so"
with zipfile.ZipFile(jar) as z:
    data = z.read("com/amazon/corretto/crypto/provider/" + name)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, name + ".part"), "wb") as f:
    f.write(data)
os.replace(os.path.join(out, name + ".part"), os.path.join(out, name))
print("ACCP's native library: " + os.path.join(out, name))
EOF
# Training runs: what the short commands load. --version builds the top level (picocli, every
# command's @Command); device --help one command's model; demo the host, the emulated board's
# exchange, the two desktop clients and the Bouncy Castle provider (the host's TLS 1.3 needs it);
# compare every client profile's ClientHello; decrypt the demo's own capture with its key and with
# its key log (the pcap reader and the native provider's record classes were still parsed from the
# jars at each decrypt start-up). Loopback only, free port, in a scratch folder.
"$java" -XX:DumpLoadedClassList="$tmp/help.lst" -jar "$jar" --help > /dev/null 2>&1
"$java" -XX:DumpLoadedClassList="$tmp/version.lst" -jar "$jar" --version > /dev/null 2>&1
"$java" -XX:DumpLoadedClassList="$tmp/device-help.lst" -jar "$jar" device --help > /dev/null 2>&1
"$java" -XX:DumpLoadedClassList="$tmp/demo.lst" -jar "$jar" demo --dir "$tmp/demo" --port 0 > /dev/null 2>&1
"$java" -XX:DumpLoadedClassList="$tmp/compare.lst" -jar "$jar" compare > /dev/null 2>&1
"$java" -XX:DumpLoadedClassList="$tmp/decrypt-key.lst" -jar "$jar" decrypt "$tmp/demo/demo.pcapng" \
    --key "$tmp/demo/key.pem" > /dev/null 2>&1
"$java" -XX:DumpLoadedClassList="$tmp/decrypt-keylog.lst" -jar "$jar" decrypt "$tmp/demo/demo.pcapng" \
    --keylog "$tmp/demo/demo-keys.log" --json > /dev/null 2>&1
cat "$tmp"/*.lst | grep -v '@lambda' | awk '!seen[$0]++' > "$tmp/classes.lst"
if "$java" -Xshare:dump -XX:SharedClassListFile="$tmp/classes.lst" -XX:SharedArchiveFile="$target/ussl-lab.jsa" \
    -cp "$jar" > "$tmp/dump.log" 2>&1; then
  echo "CDS archive: $target/ussl-lab.jsa ($(wc -l < "$tmp/classes.lst") classes)"
else
  rm -f "$target/ussl-lab.jsa"
  echo "CDS archive not built (the launcher runs without it): $(tail -1 "$tmp/dump.log")"
fi
exit 0
