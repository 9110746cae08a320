package dev.ussllab.host.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The common key file read with the JDK alone: one unencrypted RSA key, PKCS#8 ("PRIVATE KEY",
 * openssl's default) or PKCS#1 ("RSA PRIVATE KEY"), and nothing else. Bouncy Castle's PEM parser
 * reads every other case (and words every error); loading and verifying its signed jars costs
 * about 0.3 s of CPU, a large part of a short command's start (decrypt --key).
 */
final class PlainRsaKeyPem {

    private static final Pattern ONE_KEY = Pattern.compile(
            "\\s*-----BEGIN (RSA PRIVATE KEY|PRIVATE KEY)-----\\r?\\n([A-Za-z0-9+/=\\r\\n]+)-----END \\1-----\\s*");
    /** rsaEncryption (RFC 8017 A.1), DER: OBJECT IDENTIFIER 1.2.840.113549.1.1.1 then NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PlainRsaKeyPem() {}

    /** The key, or null when the file is anything but one plain RSA key (the full parser decides then). */
    static RSAPrivateKey read(Path file) {
        try {
            if (Files.size(file) > 64 * 1024) {
                return null; // an RSA key is a few KB; anything larger holds more than one
            }
            Matcher m = ONE_KEY.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
            if (!m.matches()) {
                return null;
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(m.group(1).startsWith("RSA") ? pkcs8(der) : der));
            return key instanceof RSAPrivateKey rsa ? rsa : null;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** PrivateKeyInfo (RFC 5208 5) around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, the key. */
    static byte[] pkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        length(body, pkcs1.length);
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        length(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** DER definite length: short form below 128, else the count of length bytes then the bytes. */
    private static void length(ByteArrayOutputStream out, int n) {
        if (n < 0x80) {
            out.write(n);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(n >>> (8 * i));
        }
    }
}
