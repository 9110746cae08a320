package dev.ussllab.device.probe;

import dev.ussllab.device.probe.ProbeReport.BoardResult;
import dev.ussllab.device.probe.ProbeReport.SniResult;
import java.util.Arrays;

/**
 * Whether the server answers differently with a server_hostname (SNI) than without: another
 * certificate, another certificate request, or another outcome for the board.
 */
final class SniCheck {

    private SniCheck() {}

    static SniResult compare(String name, ProbeClient.Seen without, ProbeClient.Seen with, BoardResult boardWithout,
            BoardResult boardWith) {
        if (name == null) {
            return new SniResult(null, false, "not checked: the host is an address (give --server-hostname NAME)");
        }
        StringBuilder d = new StringBuilder();
        byte[] a = without.chain.isEmpty() ? null : without.chain.get(0);
        byte[] b = with.chain.isEmpty() ? null : with.chain.get(0);
        if (!Arrays.equals(a, b)) {
            d.append("the certificate changes: without SNI ").append(a == null ? "none" : ChainCheck.info(a).subject())
                    .append(", with SNI ").append(b == null ? "none" : ChainCheck.info(b).subject()).append("; ");
        }
        if (without.certificateRequested != with.certificateRequested) {
            d.append("a client certificate is requested ").append(with.certificateRequested ? "only with" : "only without")
                    .append(" SNI; ");
        }
        if (boardWith != null && boardWithout != null && boardWith.connects() != boardWithout.connects()) {
            d.append("the board ").append(boardWith.connects() ? "connects only with" : "connects only without")
                    .append(" server_hostname='").append(name).append("'; ");
        }
        if (d.length() == 0) {
            return new SniResult(name, false, "the same with and without server_hostname='" + name + "'");
        }
        return new SniResult(name, true, d.substring(0, d.length() - 2));
    }
}
