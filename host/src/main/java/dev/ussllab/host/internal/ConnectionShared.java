package dev.ussllab.host.internal;

import dev.ussllab.host.CipherPolicy;
import dev.ussllab.host.ConnectionListener;
import dev.ussllab.host.ConnectionObserver;
import dev.ussllab.profile.keylog.KeyLogSink;

/** Everything a connection needs that is the same for all of them, built once at start. */
public record ConnectionShared(ServerCredentials credentials, CipherPolicy policy, int[] suites, int maxMessage,
        int timeoutMillis, KeyLogSink keyLog, ConnectionListener listener, ConnectionObserver.Factory observers) {}
