package dev.ussllab.tools;

/**
 * Which signal stopped a long-running command, so its last line can say so, while the process
 * still ends as the shell expects (130 for Ctrl-C, 143 for SIGTERM: 128 + the signal). The JVM's
 * shutdown hooks run as usual; this only notes the signal first. Restored when the command ends,
 * so in-process callers (tests) keep their own handling.
 */
@SuppressWarnings("restriction")
final class StopSignals {

    private static final String[] NAMES = {"INT", "TERM"};

    private final sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[NAMES.length];
    private volatile String caught;

    private StopSignals() {}

    static StopSignals install() {
        StopSignals s = new StopSignals();
        for (int i = 0; i < NAMES.length; i++) {
            try {
                s.previous[i] = sun.misc.Signal.handle(new sun.misc.Signal(NAMES[i]), sig -> {
                    s.caught = sig.getName();
                    // exit from another thread: the handler must return for the JVM to go on
                    Thread t = new Thread(() -> System.exit(128 + sig.getNumber()), "stop-" + sig.getName());
                    t.start();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available here (java -Xrs, another platform): the JVM's default stands
            }
        }
        return s;
    }

    /** " by SIGTERM" / " by Ctrl-C (SIGINT)", or "" when no signal stopped the command. */
    String byWhat() {
        String c = caught;
        if (c == null) {
            return "";
        }
        return c.equals("INT") ? " by Ctrl-C (SIGINT)" : " by SIG" + c;
    }

    void restore() {
        if (caught != null) {
            return; // exiting anyway; the handlers stay until the end
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (previous[i] != null) {
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(NAMES[i]), previous[i]);
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    // nothing to restore
                }
            }
        }
    }
}
