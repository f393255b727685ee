package org.telnet4j.protocol;

import java.io.IOException;

/**
 * Input went past a limit that protects the process (a decompression bomb, for one). The
 * connection that receives it is closed with the message as its reason; other connections are
 * not affected.
 */
public class InputLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message which limit, with the figures */
    public InputLimitException(String message) {
        super(message);
    }
}
