package org.telnet4j.option.mud;

import org.telnet4j.protocol.InputLimitException;

/** A compressed stream went past one of its {@link InflateLimits}: a decompression bomb. */
public final class InflateLimitException extends InputLimitException {
    private static final long serialVersionUID = 1L;

    /** @param message which limit, with the figures */
    public InflateLimitException(String message) {
        super(message);
    }
}
