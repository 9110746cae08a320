package dev.ussllab.tools.bench;

import dev.ussllab.device.tls.NonBlockingBoard;
import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.hello.ClientHello;
import dev.ussllab.profile.hello.ClientHelloParser;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What each TLS_RSA exchange costs the host, piece by piece: the RSA-2048 private operation per
 * provider (one per handshake: the ceiling of handshakes/s per core), one 1 KB record's
 * AES-128-CBC + HMAC (SHA-1 and SHA-256, the board's suites) each way, and parsing the board's
 * ClientHello. Run by .ci/bench (full) and MicroBenchmarksRun (-Plong, short).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MicroBenchmarks {

    private byte[] sealedPremaster;
    private Cipher accp;
    private Cipher jdk;
    private Cipher bc;
    private final byte[] record = new byte[1024];
    private final byte[] iv = new byte[16];
    private SecretKeySpec aes;
    private Mac sha1;
    private Mac sha256;
    private Cipher cbcEncrypt;
    private Cipher cbcDecrypt;
    private byte[] sealedRecord;
    private byte[] clientHello;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        byte[] premaster = new byte[48];
        new SecureRandom().nextBytes(premaster);
        Cipher enc = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        enc.init(Cipher.ENCRYPT_MODE, keys.getPublic());
        sealedPremaster = enc.doFinal(premaster);
        RsaProvider chosen = RsaProvider.get();
        accp = chosen.pkcs1Decryptor(chosen.adopt(keys.getPrivate()));
        jdk = RsaProvider.jdk().pkcs1Decryptor(keys.getPrivate());
        bc = Cipher.getInstance("RSA/ECB/PKCS1Padding", new BouncyCastleProvider());
        bc.init(Cipher.DECRYPT_MODE, keys.getPrivate());
        aes = new SecretKeySpec(new byte[16], "AES");
        sha1 = Mac.getInstance("HmacSHA1");
        sha1.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
        sha256 = Mac.getInstance("HmacSHA256");
        sha256.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        cbcEncrypt = Cipher.getInstance("AES/CBC/NoPadding");
        cbcDecrypt = Cipher.getInstance("AES/CBC/NoPadding");
        cbcEncrypt.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(iv));
        sealedRecord = cbcEncrypt.doFinal(Arrays.copyOf(record, 1024 + 32));
        byte[] hello = new NonBlockingBoard(Profiles.esp8266(), null, 42, new InetSocketAddress("127.0.0.1", 1)).output();
        clientHello = Arrays.copyOfRange(hello, 5, hello.length); // the handshake message, without the record header
    }

    /** RSA-2048 PKCS#1 decryption of a premaster secret: the provider the host uses (ACCP here). */
    @Benchmark
    public byte[] rsaPrivateChosenProvider() throws Exception {
        return accp.doFinal(sealedPremaster);
    }

    @Benchmark
    public byte[] rsaPrivateJdk() throws Exception {
        return jdk.doFinal(sealedPremaster);
    }

    @Benchmark
    public byte[] rsaPrivateBouncyCastle() throws Exception {
        return bc.doFinal(sealedPremaster);
    }

    /** TLS 1.2 CBC record, MAC-then-encrypt (RFC 5246 6.2.3.2): HMAC-SHA1, then AES-128-CBC over data + MAC + padding. */
    @Benchmark
    public byte[] recordSealAes128CbcSha1() throws Exception {
        sha1.update(record);
        byte[] mac = sha1.doFinal();
        byte[] plain = Arrays.copyOf(record, 1024 + 32);
        System.arraycopy(mac, 0, plain, 1024, mac.length);
        cbcEncrypt.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(iv));
        return cbcEncrypt.doFinal(plain);
    }

    @Benchmark
    public byte[] recordSealAes128CbcSha256() throws Exception {
        sha256.update(record);
        byte[] mac = sha256.doFinal();
        byte[] plain = Arrays.copyOf(record, 1024 + 48);
        System.arraycopy(mac, 0, plain, 1024, mac.length);
        cbcEncrypt.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(iv));
        return cbcEncrypt.doFinal(plain);
    }

    @Benchmark
    public byte[] recordOpenAes128CbcSha1() throws Exception {
        cbcDecrypt.init(Cipher.DECRYPT_MODE, aes, new IvParameterSpec(iv));
        byte[] plain = cbcDecrypt.doFinal(sealedRecord);
        sha1.update(plain, 0, 1024);
        return sha1.doFinal();
    }

    @Benchmark
    public ClientHello clientHelloParse() {
        return ClientHelloParser.parseHandshake(clientHello, 0x0303);
    }
}
