package org.telnet4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.TelnetParser;
import org.telnet4j.protocol.TelnetParserListener;

/**
 * A client as simple as a retro terminal program or a WiFi modem: it sends the bytes it is given
 * and never answers a negotiation, so the server keeps its configured encoding. What it receives
 * goes through a {@link TelnetParser} (not BINARY), which takes the telnet commands out; the
 * remaining data bytes are kept for the test to compare.
 */
public final class RawTelnetClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final TelnetParser parser = new TelnetParser(new TelnetParserListener() {
        @Override
        public void onData(byte[] buf, int off, int len) {
            data.write(buf, off, len);
        }

        @Override
        public void onCommand(int command) {
        }

        @Override
        public void onNegotiation(int verb, int option) {
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
        }
    });

    /** Connects to {@code host:port}. */
    public RawTelnetClient(String host, int port) throws IOException {
        this(new InetSocketAddress(host, port));
    }

    /** Connects to {@code address}. */
    public RawTelnetClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(100);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /**
     * Reads what follows as BINARY, as a terminal program that knows nothing of NVT end-of-line
     * rules sees it: a CR NUL stays two bytes. Telnet commands are still taken out.
     */
    public RawTelnetClient readBinary() {
        parser.setBinary(true);
        return this;
    }

    /** Sends bytes as they are, in one write. */
    public void write(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** The data bytes received so far, telnet commands removed. */
    public byte[] data() {
        return data.toByteArray();
    }

    /** Forgets the data received so far. */
    public void clear() {
        data.reset();
    }

    /**
     * Reads until the data received so far contains {@code expected}; fails after {@code timeout}.
     *
     * @return all the data received so far
     */
    public byte[] readUntil(byte[] expected, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[4096];
        while (indexOf(data(), expected) < 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + hex(expected) + " within " + timeout + "; got: "
                    + hex(data()));
            }
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                throw new AssertionError("connection closed before " + hex(expected) + "; got: "
                    + hex(data()));
            }
            parser.feed(buf, 0, n);
        }
        return data();
    }

    /** Index of {@code needle} in {@code hay}, or -1. */
    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Bytes as hex, for messages. */
    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < b.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.append(']').toString();
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
