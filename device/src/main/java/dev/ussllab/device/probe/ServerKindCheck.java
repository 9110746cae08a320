package dev.ussllab.device.probe;

import dev.ussllab.device.probe.ProbeReport.ServerKind;

/**
 * What kind of server it is, from what the handshake says without sending a request: the ALPN
 * protocol it picks when offered http/1.1 and mqtt (nginx answers http/1.1), else the port
 * (MQTT's 8883/1883, HTTPS's 443/8443).
 */
final class ServerKindCheck {

    private ServerKindCheck() {}

    static ServerKind of(String alpn, int port) {
        if (alpn != null) {
            if (alpn.startsWith("http") || alpn.equals("h2")) {
                return ServerKind.HTTPS;
            }
            if (alpn.equals("mqtt")) {
                return ServerKind.MQTT;
            }
        }
        if (port == 8883 || port == 1883) {
            return ServerKind.MQTT;
        }
        if (port == 443 || port == 8443) {
            return ServerKind.HTTPS;
        }
        return ServerKind.UNKNOWN;
    }
}
