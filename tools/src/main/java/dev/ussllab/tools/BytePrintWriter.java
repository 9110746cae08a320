package dev.ussllab.tools;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Standard output as main() hands it to the commands: the same PrintWriter as before (the
 * platform's charset, flushed by println), which also takes bytes a command encoded in that
 * charset itself. decrypt builds its tens of megabytes of output as bytes on its worker threads
 * and writes them here as they are, rather than as Strings the writer widens to chars and encodes
 * back to bytes on the printing thread (tools/BENCHMARKS.md, decrypt against tshark).
 */
public final class BytePrintWriter extends PrintWriter {

    private final PrintStream stream;
    private final Charset charset;

    public BytePrintWriter(PrintStream stream) {
        this(stream, Charset.defaultCharset());
    }

    private BytePrintWriter(PrintStream stream, Charset charset) {
        super(stream, true, charset);
        this.stream = stream;
        this.charset = charset;
    }

    /** What the characters printed here are encoded in. */
    public Charset charset() {
        return charset;
    }

    /**
     * Writes bytes already encoded in {@link #charset()}, after what was printed before them. A
     * failed write shows in {@link #checkError()}, as for printed text.
     */
    public void writeBytes(byte[] b, int off, int len) {
        synchronized (lock) {
            flush();
            stream.write(b, off, len);
        }
    }
}
