package org.telnet4j.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.telnet4j.testing.KeytoolCertificates;

/** TLS peers for server tests: blocking JDK sockets, with certificates made once per JVM. */
final class TlsTestSupport {
    private static KeytoolCertificates certs;

    private TlsTestSupport() {
    }

    static synchronized KeytoolCertificates certs() throws Exception {
        if (certs == null) {
            Path dir = Files.createTempDirectory("telnet4j-tls");
            dir.toFile().deleteOnExit();
            certs = KeytoolCertificates.create(dir);
        }
        return certs;
    }

    /** A TLS client socket, handshake done, trusting the test server's certificate. */
    static SSLSocket connect(InetSocketAddress a, SSLContext ctx) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", a.getPort());
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    static Socket plain(InetSocketAddress a) throws IOException {
        Socket s = new Socket("127.0.0.1", a.getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Reads until the bytes so far (as Latin-1) contain {@code text}; returns them. */
    static String readUntil(InputStream in, String text) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        while (!got.toString(StandardCharsets.ISO_8859_1).contains(text)) {
            int n = in.read(b);
            if (n < 0) {
                throw new IOException("EOF before " + text + "; got " + got.toString(StandardCharsets.ISO_8859_1));
            }
            got.write(b, 0, n);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** True if the peer closes (EOF or reset) within the socket's timeout, whatever it sent first. */
    static boolean closes(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] b = new byte[4096];
            while (in.read(b) >= 0) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset, or a TLS alert: closed as well
        }
    }

    /** Log lines of some classes, awaited as they come (no polling). */
    static final class LogWatch extends ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>
        implements AutoCloseable {
        private final java.util.List<String> lines = new java.util.ArrayList<>();
        private final java.util.List<ch.qos.logback.classic.Logger> loggers = new java.util.ArrayList<>();

        LogWatch(Class<?>... classes) {
            start();
            for (Class<?> c : classes) {
                ch.qos.logback.classic.Logger l = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(c);
                l.addAppender(this);
                loggers.add(l);
            }
        }

        @Override
        protected synchronized void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
            lines.add(e.getLevel() + " " + e.getFormattedMessage());
            notifyAll();
        }

        /** Waits (at most 10 s) for a line containing {@code text}; returns it. */
        synchronized String await(String text) throws InterruptedException {
            long end = System.nanoTime() + 10_000_000_000L;
            while (true) {
                for (String l : lines) {
                    if (l.contains(text)) {
                        return l;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no log line with '" + text + "' in " + lines);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        synchronized java.util.List<String> lines() {
            return new java.util.ArrayList<>(lines);
        }

        @Override
        public void close() {
            for (ch.qos.logback.classic.Logger l : loggers) {
                l.detachAppender(this);
            }
            stop();
        }
    }

    /** Proof that the loop still serves others: a second TLS client gets its line echoed. */
    static void anotherClientIsServed(InetSocketAddress a, SSLContext ctx) throws IOException {
        try (SSLSocket s = connect(a, ctx)) {
            s.getOutputStream().write("still here\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            readUntil(s.getInputStream(), "still here");
        }
    }
}
