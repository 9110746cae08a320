package dev.ussllab.tools.board;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Prints the board's output as it arrives: UTF-8 split across chunks is kept whole, "\r\n" becomes "\n". */
final class LiveText implements Consumer<byte[]> {

    private final PrintWriter out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer carry = ByteBuffer.allocate(0);
    private boolean pendingCr;

    LiveText(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void accept(byte[] bytes) {
        ByteBuffer in = ByteBuffer.allocate(carry.remaining() + bytes.length);
        in.put(carry).put(bytes).flip();
        CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, chars, false);
        carry = in.slice();
        chars.flip();
        StringBuilder sb = new StringBuilder();
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (pendingCr && c != '\n') {
                sb.append('\r');
            }
            pendingCr = c == '\r';
            if (!pendingCr) {
                sb.append(c);
            }
        }
        out.print(sb);
        out.flush();
    }

    static String text(String boardText) {
        return boardText.replace("\r\n", "\n");
    }
}
