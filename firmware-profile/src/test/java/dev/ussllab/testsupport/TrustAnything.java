package dev.ussllab.testsupport;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A JDK TLS client context that accepts any server certificate, as the ESP8266 does (axTLS checks
 * nothing unless told to): for tests whose server shows a throwaway self-signed certificate and
 * that are about something other than trust.
 */
public final class TrustAnything {

    private TrustAnything() {}

    /** SSLContext "TLS" with the JDK's defaults, except that every chain is trusted. */
    public static SSLContext context() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }
}
