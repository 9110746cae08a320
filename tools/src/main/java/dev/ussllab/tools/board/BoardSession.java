package dev.ussllab.tools.board;

import dev.ussllab.device.repl.MountedLink;
import dev.ussllab.device.repl.RawRepl;
import dev.ussllab.device.repl.RemoteFsServer;
import dev.ussllab.device.serial.SerialLink;
import dev.ussllab.device.serial.SerialLinks;
import dev.ussllab.device.serial.SerialPorts;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One connection to a board shared by the commands of a chain ({@code board cp main.py : +
 * soft-reset + repl}), as mpremote's State: opened on first use, the raw REPL entered once with
 * a soft reset first unless {@code resume} came before, closed (leaving the raw REPL) at the end.
 */
public final class BoardSession implements AutoCloseable {

    private final SerialPorts ports;
    private String port;
    private int baud = BoardCommand.DEFAULT_BAUD;
    private Duration timeout = Duration.ofSeconds(10);
    private SerialLink link;
    private RawRepl repl;
    private boolean autoSoftReset = true;
    private boolean didAction;
    private boolean replAfter;
    private MountedLink mounted;
    private Path mountedLocal;

    public BoardSession(SerialPorts ports) {
        this.ports = ports;
    }

    /** The options the command line gave; a port chosen by {@code connect} stays chosen. */
    void configure(String port, int baud, Duration timeout) {
        if (this.port == null || link == null) {
            this.port = port != null ? port : this.port;
        }
        this.baud = baud;
        this.timeout = timeout;
    }

    /** The port in use: the one given, else the only serial port present. */
    String port() {
        if (port == null) {
            port = ports.onlyOne("--port");
        }
        return port;
    }

    SerialPorts ports() {
        return ports;
    }

    Duration timeout() {
        return timeout;
    }

    /** mpremote's connect: closes the current link; the next command opens {@code newPort}. */
    void connect(String newPort) {
        closeLink();
        port = newPort;
        autoSoftReset = true;
        replAfter = true;
    }

    /** mpremote's resume: the next raw REPL entry does not soft-reset the board. */
    void resume() {
        autoSoftReset = false;
        replAfter = true;
    }

    /** A command that did something: no implicit REPL at the end of the chain. */
    void didAction() {
        didAction = true;
    }

    /** Only connect/resume ran: mpremote then opens the REPL. */
    boolean replAtEnd() {
        return replAfter && !didAction;
    }

    void wantReplAfter() {
        replAfter = true;
    }

    SerialLink link() {
        if (link == null) {
            if (baud <= 0) {
                throw LabException.badInput("--baud " + baud + " is not a line speed", "use e.g. 115200");
            }
            link = SerialLinks.open(port(), baud);
        }
        return link;
    }

    /** The raw REPL, entered (and the board soft-reset the first time, unless resumed) if need be. */
    RawRepl raw() {
        didAction();
        return enterRaw();
    }

    private RawRepl enterRaw() {
        if (repl == null) {
            repl = new RawRepl(link(), timeout);
        }
        if (!repl.inRaw()) {
            repl.enter();
            if (autoSoftReset) {
                repl.softResetRaw();
            }
        }
        autoSoftReset = false;
        return repl;
    }

    /** The board path a local folder is mounted at (mpremote's fs_hook_mount). */
    static final String MOUNT_POINT = "/remote";

    /**
     * mpremote's mount: the hook goes to the board (once per boot), {@code __mount()} puts the
     * folder at /remote and makes it the current directory, and from then on every read of the
     * link answers the board's file requests. Like mpremote's, it is no action of its own: alone
     * on the command line it ends in the REPL.
     */
    void mount(Path local, boolean unsafeLinks) throws IOException {
        RemoteFsServer server = new RemoteFsServer(local, unsafeLinks);
        RawRepl r = enterRaw();
        if (mounted != null) {
            r.execOk("import os\nos.umount('" + MOUNT_POINT + "')", "unmounting " + MOUNT_POINT);
            unmounted();
            r = repl;
        }
        if (!r.execOk("print('RemoteFS' in globals())", "checking for the mount hook").trim().equals("True")) {
            r.execOk(RemoteFsServer.hookCode(), "loading the mount hook");
        }
        r.execOk("__mount()", "mounting " + local + " at " + MOUNT_POINT);
        mounted = new MountedLink(link, server);
        mountedLocal = local;
        link = mounted;
        repl = r.over(mounted);
        replAfter = true;
    }

    /** Whether a folder is mounted on the board (a terminal then mounts it again after a soft reset). */
    boolean mounted() {
        return mounted != null;
    }

    /** The local folder mounted (the one the user gave). */
    Path mountedRoot() {
        return mountedLocal;
    }

    /**
     * mpremote's remount after a soft reset in the REPL (write_ctrl_d): the reboot forgot the hook,
     * so it goes again through the raw REPL, and the board is left at its friendly prompt. Returns
     * what the board printed on the way back (its banner and prompt).
     */
    String remount() {
        RawRepl r = new RawRepl(mounted, timeout);
        r.enter();
        r.execOk(RemoteFsServer.hookCode(), "loading the mount hook");
        r.execOk("__mount()", "mounting " + mounted.server().root() + " at " + MOUNT_POINT);
        String shown = r.exitToPrompt();
        repl = r;
        return shown;
    }

    private void unmounted() {
        if (mounted != null) {
            mounted.server().closeAll();
            link = mounted.unwrap();
            repl = repl.over(link);
            mounted = null;
        }
    }

    /** mpremote's soft-reset command: into the raw REPL and Ctrl-D there (boot.py runs, main.py does not). */
    void softReset() {
        didAction();
        if (repl == null) {
            repl = new RawRepl(link(), timeout);
        }
        if (!repl.inRaw()) {
            repl.enter();
        }
        repl.softResetRaw();
        autoSoftReset = false;
        unmounted(); // the reboot forgot /remote (mpremote's soft-reset does not mount it again either)
    }

    /** The link for a terminal: the raw REPL left first, so the board shows its friendly prompt. */
    SerialLink friendly() {
        didAction();
        if (repl != null) {
            repl.exit();
        }
        return link();
    }

    /** A fresh driver on the link, for commands that drive the friendly REPL themselves. */
    RawRepl driver() {
        didAction();
        if (repl == null) {
            repl = new RawRepl(link(), timeout);
        }
        return repl;
    }

    @Override
    public void close() {
        closeLink();
    }

    private void closeLink() {
        if (link != null) {
            try {
                if (mounted != null && repl != null) {
                    // mpremote's umount_local on the way out: the board forgets the folder.
                    repl.execOk("import os\nos.umount('" + MOUNT_POINT + "')", "unmounting " + MOUNT_POINT);
                }
            } catch (LabException e) {
                // a board that is gone or busy keeps /remote until its next reset: nothing more to do
            }
            unmounted();
            try {
                if (repl != null) {
                    repl.exit();
                }
            } catch (LabException e) {
                // leaving the raw REPL on a board that is gone: the earlier error is the one to report
            }
            try {
                link.close();
            } catch (IOException e) {
                // closing a port that failed: the first error is the one to report
            }
        }
        link = null;
        repl = null;
    }
}
