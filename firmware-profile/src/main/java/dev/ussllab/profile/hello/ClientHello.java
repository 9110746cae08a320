package dev.ussllab.profile.hello;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A ClientHello as the client sent it (RFC 8446 section 4.1.2, RFC 5246 section 7.4.1.2):
 * everything in wire order, extensions with their raw content. Built by {@link ClientHelloParser},
 * written back by {@link ClientHelloEncoder}.
 *
 * @param recordVersion the version in the first record header, or {@link #NO_RECORD} when the
 *     hello was given as a bare handshake message
 */
public record ClientHello(
        int recordVersion,
        int clientVersion,
        byte[] random,
        byte[] sessionId,
        List<Integer> cipherSuites,
        List<Integer> compressionMethods,
        List<Extension> extensions) {

    /** recordVersion when no record header was seen. */
    public static final int NO_RECORD = -1;

    public ClientHello {
        if (random.length != 32) {
            throw new IllegalArgumentException("random must be 32 bytes, not " + random.length);
        }
        random = random.clone();
        sessionId = sessionId.clone();
        cipherSuites = List.copyOf(cipherSuites);
        compressionMethods = List.copyOf(compressionMethods);
        extensions = List.copyOf(extensions);
    }

    @Override
    public byte[] random() {
        return random.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** The same hello with another random (comparisons ignore the random, which is fresh each time). */
    public ClientHello withRandom(byte[] newRandom) {
        return new ClientHello(recordVersion, clientVersion, newRandom, sessionId, cipherSuites,
                compressionMethods, extensions);
    }

    public List<Integer> extensionTypes() {
        List<Integer> types = new ArrayList<>(extensions.size());
        for (Extension e : extensions) {
            types.add(e.type());
        }
        return types;
    }

    /** The first extension of this type (a well-behaved client sends each at most once). */
    public Optional<Extension> extension(int type) {
        return extensions.stream().filter(e -> e.type() == type).findFirst();
    }

    public boolean has(int type) {
        return extension(type).isPresent();
    }

    /** The first host_name in server_name, if the client sent SNI. */
    public Optional<String> serverName() {
        return extension(ExtensionDecoder.SERVER_NAME)
                .flatMap(e -> ExtensionDecoder.serverNames(e, 0).stream().findFirst());
    }

    public List<Integer> supportedGroups() {
        return extension(ExtensionDecoder.SUPPORTED_GROUPS)
                .map(e -> ExtensionDecoder.u16List(e, 0)).orElse(List.of());
    }

    public List<Integer> ecPointFormats() {
        return extension(ExtensionDecoder.EC_POINT_FORMATS)
                .map(e -> ExtensionDecoder.u8List(e, 0)).orElse(List.of());
    }

    public List<Integer> signatureAlgorithms() {
        return extension(ExtensionDecoder.SIGNATURE_ALGORITHMS)
                .map(e -> ExtensionDecoder.u16List(e, 0)).orElse(List.of());
    }

    /** supported_versions in the client's order; empty when the extension is absent. */
    public List<Integer> supportedVersions() {
        return extension(ExtensionDecoder.SUPPORTED_VERSIONS)
                .map(e -> ExtensionDecoder.u8ListOfU16(e, 0)).orElse(List.of());
    }

    /** ALPN protocol identifiers in order, as raw bytes (they need not be text). */
    public List<byte[]> alpnProtocols() {
        return extension(ExtensionDecoder.ALPN).map(e -> ExtensionDecoder.alpn(e, 0)).orElse(List.of());
    }

    /**
     * The highest version the client offers: the largest non-GREASE supported_versions entry, or
     * client_version when there is no such extension (RFC 8446 section 4.2.1).
     */
    public int highestVersion() {
        return supportedVersions().stream().filter(v -> !Grease.is(v)).max(Integer::compare)
                .orElse(clientVersion);
    }

    /** True if the client accepts a version below TLS 1.3, where RSA key exchange still exists. */
    public boolean offersTls12OrLower() {
        List<Integer> versions = supportedVersions();
        if (versions.isEmpty()) {
            return clientVersion <= 0x0303;
        }
        return versions.stream().anyMatch(v -> !Grease.is(v) && v <= 0x0303);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHello h && h.recordVersion == recordVersion
                && h.clientVersion == clientVersion && Arrays.equals(h.random, random)
                && Arrays.equals(h.sessionId, sessionId) && h.cipherSuites.equals(cipherSuites)
                && h.compressionMethods.equals(compressionMethods) && h.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(random) * 31 + cipherSuites.hashCode();
    }

    @Override
    public String toString() {
        return "ClientHello[record=" + recordVersion + ", client_version=" + clientVersion
                + ", random=" + HexFormat.of().formatHex(random) + ", session_id="
                + HexFormat.of().formatHex(sessionId) + ", suites=" + cipherSuites
                + ", compression=" + compressionMethods + ", extensions=" + extensions + "]";
    }
}
