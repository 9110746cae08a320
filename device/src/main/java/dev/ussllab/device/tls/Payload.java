package dev.ussllab.device.tls;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What the client flow sends after the handshake, and how the Sent line shows it.
 *
 * @param bytes exactly the bytes written
 * @param shown the text after "Sent:"
 */
public record Payload(byte[] bytes, String shown) {

    /** The seed's message: the text and a newline. */
    public static Payload line(String message) {
        return new Payload((message + "\n").getBytes(StandardCharsets.UTF_8), message);
    }

    /**
     * A file's bytes as they are (a whole HTTP/1.1 request, an MQTT CONNECT), nothing added.
     *
     * @throws LabException BAD_INPUT when the file cannot be read or is empty
     */
    public static Payload file(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw LabException.badInput("--message-file " + file + " does not exist", "check the path");
        } catch (IOException e) {
            throw LabException.badInput("--message-file " + file + " cannot be read: " + e.getMessage(), null);
        }
        if (b.length == 0) {
            throw LabException.badInput("--message-file " + file + " is empty", "put the request to send in it");
        }
        return new Payload(b, b.length + " bytes from " + file);
    }
}
