package org.telnet4j.bytes;

/**
 * Where encoded telnet bytes go: a connection's write queue, a test's byte array, a socket stream.
 * Implementations copy what they need before returning; the caller may reuse {@code buf}.
 */
@FunctionalInterface
public interface ByteSink {

    /** Appends {@code buf[off, off+len)}, already telnet-encoded, to the outgoing stream. */
    void write(byte[] buf, int off, int len);
}
