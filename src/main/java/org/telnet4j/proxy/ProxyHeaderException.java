package org.telnet4j.proxy;

/** A PROXY protocol header that does not follow the specification, or that passes a limit. */
public final class ProxyHeaderException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, as one line for a log */
    public ProxyHeaderException(String message) {
        super(message);
    }
}
