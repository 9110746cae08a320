package dev.ussllab.device.serial;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import jssc.SerialPort;
import jssc.SerialPortException;

/**
 * A serial port (device, symlink such as socat's /tmp/ttyESP, or pseudo-terminal) through jssc.
 *
 * <p>One daemon reader thread moves bytes from the port to a bounded {@link ByteQueue}; callers
 * wait on the queue with a timeout. The reader never enters jssc's blocking readBytes() without
 * bytes waiting, because that native call cannot be left: its select()+read() loop ignores read
 * errors, so once the device is gone (unplugged, the pty's other side closed) it spins on a core
 * forever, and closing the port does not wake it, so it would later read a byte from whatever
 * descriptor reuses the number (the next port this JVM opens). Instead the reader asks how many
 * bytes wait (FIONREAD, which fails once the device is gone) and sleeps between asks: every
 * {@link #FAST_POLL_NANOS} while a reply is expected, every {@link #IDLE_POLL_NANOS} otherwise. jssc's own
 * timed reads poll in a tight loop, so they are not used either.
 */
public final class JsscSerialLink implements SerialLink {

    /** Bytes buffered between the port and the reader; several FLASH_DATA replies' worth. */
    private static final int QUEUE_BYTES = 64 * 1024;
    /**
     * Poll period while a reply is expected: about one byte time at 115200 baud, so it adds
     * little to a ROM command's round trip (a READ_REG takes ~3 ms there, a 0x400 block ~90 ms).
     */
    static final long FAST_POLL_NANOS = 200_000;
    /** How long after a write or a read the reader keeps the fast period. */
    static final long FAST_WINDOW_NANOS = 1_000_000_000L;
    /** Poll period when nothing is expected (boot chatter, output nobody waits for). */
    static final long IDLE_POLL_NANOS = 20_000_000;
    /** close() waits this long for the reader to leave jssc (at most one poll period). */
    private static final long READER_EXIT_MS = 2000;

    private final SerialPort port;
    private final ByteQueue queue = new ByteQueue(QUEUE_BYTES);
    private final Thread reader;
    private volatile boolean closed;
    /** System.nanoTime() of the last write or read: the reader polls fast within FAST_WINDOW of it. */
    private volatile long lastActivity = System.nanoTime();
    private int baud;

    private JsscSerialLink(SerialPort port, int baud) {
        this.port = port;
        this.baud = baud;
        this.reader = new Thread(this::pump, "serial-reader " + port.getPortName());
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens and configures the port (8N1, no flow control, DTR and RTS released). */
    public static JsscSerialLink open(String path, int baud) {
        SerialPort port = new SerialPort(path);
        try {
            port.openPort();
        } catch (SerialPortException e) {
            throw openError(path, e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw LabException.failure("cannot load jssc's native serial library for " + path + ": " + e.getMessage(),
                    "use a TCP bridge (socket://HOST:PORT) or a platform jssc ships natives for");
        }
        try {
            // Both lines released: with the classic two-transistor circuit that leaves EN and GPIO0
            // high, so opening the port does not reset the board by itself.
            if (!applyParams(port, baud)) {
                throw LabException.badInput("cannot set " + path + " to " + baud + " baud 8N1",
                        "use a standard rate such as 115200");
            }
            port.setFlowControlMode(SerialPort.FLOWCONTROL_NONE);
        } catch (SerialPortException e) {
            closeQuietly(port);
            throw LabException.failure("cannot configure " + path + ": " + e.getExceptionType(), "check the port is a serial device");
        } catch (LabException e) {
            closeQuietly(port);
            throw e;
        }
        return new JsscSerialLink(port, baud);
    }

    /**
     * jssc's setParams applies termios, then sets DTR/RTS and reports false if either step fails.
     * A pseudo-terminal fails only the second (TIOCMGET gives ENOTTY): the line settings took, so
     * that port is usable, just without modem lines.
     */
    private static boolean applyParams(SerialPort port, int baud) throws SerialPortException {
        if (port.setParams(baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE, false, false)) {
            return true;
        }
        return !port.setDTR(false);
    }

    static LabException openError(String path, SerialPortException e) {
        String type = e.getExceptionType();
        if (SerialPortException.TYPE_PORT_NOT_FOUND.equals(type)) {
            return SerialLinks.noSuchPort(path);
        }
        if (SerialPortException.TYPE_PORT_BUSY.equals(type)) {
            return LabException.failure(path + " is busy: another program has it open",
                    "close the serial monitor, mpremote, screen or esptool using it (fuser " + path + ")");
        }
        if (SerialPortException.TYPE_PERMISSION_DENIED.equals(type)) {
            return SerialLinks.permissionDenied(path);
        }
        if (SerialPortException.TYPE_INCORRECT_SERIAL_PORT.equals(type)) {
            return LabException.badInput(path + " is not a serial port", "`ussl-lab ports` lists the serial ports present");
        }
        return LabException.failure("cannot open " + path + ": " + type, "`ussl-lab ports` lists the serial ports present");
    }

    private void pump() {
        try {
            while (!closed) {
                int waiting = port.getInputBufferBytesCount();
                if (waiting > 0) {
                    queue.put(port.readBytes(waiting));
                    lastActivity = System.nanoTime();
                } else if (waiting < 0) {
                    throw new IllegalStateException("FIONREAD failed");
                } else {
                    boolean expecting = System.nanoTime() - lastActivity < FAST_WINDOW_NANOS;
                    LockSupport.parkNanos(this, expecting ? FAST_POLL_NANOS : IDLE_POLL_NANOS);
                }
            }
            queue.fail(new IOException(port.getPortName() + " is closed"));
        } catch (SerialPortException | RuntimeException e) {
            // jssc reports a failed read as SerialPortException, a failed FIONREAD (EBADF after
            // close, EIO once unplugged or the pty's other side is gone) as IllegalArgumentException.
            queue.fail(closed ? new IOException(port.getPortName() + " is closed", e) : stoppedWorking(e));
        } catch (InterruptedException e) {
            queue.fail(new IOException("reader of " + port.getPortName() + " interrupted"));
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        return queue.take(buf, off, len, ByteQueue.nanos(timeout));
    }

    @Override
    public void write(byte[] data) throws IOException {
        if (closed) {
            throw new IOException(port.getPortName() + " is closed");
        }
        try {
            if (!port.writeBytes(data)) {
                throw new IOException("short write to " + port.getPortName());
            }
        } catch (SerialPortException e) {
            throw stoppedWorking(e);
        }
        // A reply is on its way: poll at the fast period from now on.
        lastActivity = System.nanoTime();
        LockSupport.unpark(reader);
    }

    /** A read or write failed on an open port: unplugged (EIO), or the pty's other side is gone. */
    private IOException stoppedWorking(Exception e) {
        String why = e instanceof SerialPortException spe ? spe.getExceptionType() : e.getMessage();
        // jssc prefixes errno texts with this; the user only needs the errno text.
        why = why == null ? "no reason given" : why.replace("Native exception occurred: ", "");
        return new IOException(port.getPortName() + " stopped working (" + why + "): was the board unplugged?", e);
    }

    @Override
    public void flushInput() throws IOException {
        try {
            port.purgePort(SerialPort.PURGE_RXCLEAR);
        } catch (SerialPortException e) {
            throw new IOException("cannot flush " + port.getPortName() + ": " + e.getExceptionType(), e);
        }
        queue.clear();
    }

    @Override
    public void setModemLines(boolean dtr, boolean rts) throws IOException {
        try {
            // jssc's setDTR/setRTS each do TIOCMGET + TIOCMSET and report failure as false; a
            // pseudo-terminal answers ENOTTY there.
            if (!port.setDTR(dtr) || !port.setRTS(rts)) {
                throw new NoModemLinesException(port.getPortName(), "a pseudo-terminal or an adapter without DTR/RTS");
            }
        } catch (SerialPortException e) {
            throw new NoModemLinesException(port.getPortName(), e.getExceptionType());
        }
    }

    @Override
    public void setBaud(int newBaud) throws IOException {
        try {
            if (!applyParams(port, newBaud)) {
                throw new IOException("cannot set " + port.getPortName() + " to " + newBaud + " baud");
            }
            baud = newBaud;
        } catch (SerialPortException e) {
            throw new IOException("cannot set " + port.getPortName() + " to " + newBaud + " baud: " + e.getExceptionType(), e);
        }
    }

    @Override
    public int baud() {
        return baud;
    }

    @Override
    public String name() {
        return port.getPortName();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.fail(new IOException(port.getPortName() + " is closed"));
        // The descriptor is closed only once the reader is out of jssc, so no call of it can
        // touch the number after the next open reuses it.
        LockSupport.unpark(reader);
        if (Thread.currentThread() != reader) {
            try {
                reader.join(READER_EXIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(port);
    }

    private static void closeQuietly(SerialPort port) {
        try {
            port.closePort();
        } catch (SerialPortException ignored) {
            // Closing a port that already failed: nothing left to release.
        }
    }
}
