package org.telnet4j.tls;

import java.nio.file.Path;

/**
 * A certificate, key or trust file that cannot be used, with a one-line message for the user
 * that names the file and says what is wrong with it (no stack trace needed):
 * {@code /etc/tls/key.pem: the key does not match the certificate in /etc/tls/cert.pem}.
 */
public final class TlsFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the file at fault
     * @param problem what is wrong with it, without the file name (it is prefixed)
     */
    public TlsFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file the file at fault
     * @param problem what is wrong with it, without the file name (it is prefixed)
     * @param cause the underlying failure, kept for the log's debug level
     */
    public TlsFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
