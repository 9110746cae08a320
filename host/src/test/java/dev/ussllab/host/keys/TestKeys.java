package dev.ussllab.host.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;

/** The fixed test keys in src/test/resources/keys (see README.txt there for how they were made). */
public final class TestKeys {

    private TestKeys() {}

    public static Path resource(String name) {
        try {
            return Path.of(TestKeys.class.getResource("/keys/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource keys/" + name + " is missing", e);
        }
    }

    /** fixed-key.pem as a key pair (the public half derived from the CRT private key). */
    public static KeyPair fixedKeyPair() {
        try {
            Path key = resource("fixed-key.pem");
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) KeyMaterial.load(key, resource("openssl-cert.pem")).privateKey();
            var pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            return new KeyPair(pub, priv);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(String name) {
        try {
            return java.nio.file.Files.readString(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
