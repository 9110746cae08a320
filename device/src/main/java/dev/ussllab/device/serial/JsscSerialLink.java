package dev.ussllab.device.serial;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.time.Duration;
import jssc.SerialPort;
import jssc.SerialPortException;

/**
 * A serial port (device, symlink such as socat's /tmp/ttyESP, or pseudo-terminal) through jssc.
 *
 * <p>jssc's timed reads poll {@code getInputBufferBytesCount()} in a tight loop, so we never use
 * them: one daemon reader thread sits in jssc's native blocking read (poll(2) + read(2)) and feeds
 * a bounded {@link ByteQueue}; callers wait on the queue with a timeout. The reader ends when the
 * port reports an error (closed, unplugged, the pty's other side gone).
 */
public final class JsscSerialLink implements SerialLink {

    /** Bytes buffered between the port and the reader; several FLASH_DATA replies' worth. */
    private static final int QUEUE_BYTES = 64 * 1024;

    private final SerialPort port;
    private final ByteQueue queue = new ByteQueue(QUEUE_BYTES);
    private final Thread reader;
    private volatile boolean closed;
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
                byte[] first = port.readBytes(1);
                int more = port.getInputBufferBytesCount();
                queue.put(first);
                if (more > 0) {
                    queue.put(port.readBytes(more));
                }
            }
            queue.fail(new IOException(port.getPortName() + " is closed"));
        } catch (SerialPortException | RuntimeException e) {
            // jssc reports a failed read as SerialPortException, a failed FIONREAD (EBADF after
            // close, EIO after unplugging) as IllegalArgumentException.
            queue.fail(new IOException(closed ? port.getPortName() + " is closed"
                    : port.getPortName() + " stopped working (" + e.getMessage() + "): was the board unplugged?", e));
        } catch (InterruptedException e) {
            queue.fail(new IOException("reader interrupted"));
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        return queue.take(buf, off, len, ByteQueue.nanos(timeout));
    }

    @Override
    public void write(byte[] data) throws IOException {
        try {
            if (!port.writeBytes(data)) {
                throw new IOException("short write to " + port.getPortName());
            }
        } catch (SerialPortException e) {
            throw new IOException("write to " + port.getPortName() + " failed: " + e.getExceptionType(), e);
        }
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
        closeQuietly(port);
        queue.fail(new IOException(port.getPortName() + " is closed"));
    }

    private static void closeQuietly(SerialPort port) {
        try {
            port.closePort();
        } catch (SerialPortException ignored) {
            // Closing a port that already failed: nothing left to release.
        }
    }
}
