package org.telnet4j.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.telnet4j.option.CharsetNegotiation;
import org.telnet4j.option.Environ;
import org.telnet4j.option.TerminalType;
import org.telnet4j.option.WindowSize;
import org.telnet4j.protocol.OptionPolicy;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetEngineListener;
import org.telnet4j.protocol.TelnetOption;

/**
 * A scriptable telnet peer for server tests: a blocking socket on the test thread, our own
 * {@link TelnetEngine} to answer negotiation by a policy, and answers to TTYPE, NEW-ENVIRON and
 * CHARSET subnegotiations from fields the test sets. It keeps every raw byte received, so tests
 * can compare wire transcripts, and the decoded text, so they can wait for output.
 */
final class TestTelnetClient implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();
    /** Terminal types to answer with, in order; the last repeats. Empty: refuse TTYPE. */
    List<String> terminalTypes = List.of();
    int columns = 0;
    int rows = 0;
    Map<String, String> environ = new LinkedHashMap<>();
    /** Charset to accept from a server REQUEST, or null to reject. */
    String acceptCharset;
    Charset textCharset = StandardCharsets.UTF_8;
    private final TelnetEngine engine;
    private int ttypeIndex;
    private boolean eof;

    /** A client that answers by {@code policy} (null: refuse everything, answer nothing else). */
    TestTelnetClient(InetSocketAddress server, OptionPolicy policy) throws IOException {
        this(server, policy, 0);
    }

    /** As above, with a fixed socket receive buffer (0: the system's, which may grow large). */
    TestTelnetClient(InetSocketAddress server, OptionPolicy policy, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect, so the window is small
        }
        socket.connect(server, 5000);
        socket.setSoTimeout(100);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        engine = policy == null ? null : new TelnetEngine(policy, this::send, new Listener());
    }

    /** A policy for a modern terminal client. */
    static OptionPolicy modernClient() {
        return OptionSet.builder()
            .local(TelnetOption.TTYPE, TelnetOption.NAWS, TelnetOption.NEW_ENVIRON,
                TelnetOption.CHARSET, TelnetOption.BINARY, TelnetOption.SGA)
            .remote(TelnetOption.ECHO, TelnetOption.SGA, TelnetOption.BINARY, TelnetOption.EOR,
                TelnetOption.CHARSET)
            .build();
    }

    private void send(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends raw bytes as they are. */
    void write(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Sends text encoded with {@link #textCharset}, no escaping. */
    void write(String s) throws IOException {
        write(s.getBytes(textCharset));
    }

    /** Reads what is available once (up to the 100 ms socket timeout); false at end of stream. */
    boolean pump() throws IOException {
        if (eof) {
            return false;
        }
        byte[] buf = new byte[8192];
        int n;
        try {
            n = in.read(buf);
        } catch (SocketTimeoutException e) {
            return true;
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        raw.write(buf, 0, n);
        if (engine != null) {
            engine.receive(buf, 0, n);
        } else {
            data.write(buf, 0, n); // no engine: everything counts as data
        }
        return true;
    }

    /** Received data decoded with {@link #textCharset}. */
    String text() {
        return new String(data.toByteArray(), textCharset);
    }

    /** Pumps until the received text contains {@code s}; fails after {@code timeout}. */
    String readUntil(String s, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!text().contains(s)) {
            if (!pump() && !text().contains(s)) {
                throw new AssertionError("connection closed before '" + s + "'; got: " + text());
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + s + "' within " + timeout + "; got: " + text());
            }
        }
        return text();
    }

    /** Pumps until the raw bytes received are at least {@code n}; fails after {@code timeout}. */
    byte[] readRaw(int n, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (raw.size() < n) {
            if (!pump()) {
                break;
            }
            if (System.nanoTime() > end) {
                break;
            }
        }
        return raw.toByteArray();
    }

    /** Pumps until the server closes the connection; fails after {@code timeout}. */
    void awaitClose(Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (pump()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("server did not close within " + timeout + "; got: " + text());
            }
        }
    }

    boolean isRemoteEnabled(int option) {
        return engine != null && engine.isRemoteEnabled(option);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private final class Listener implements TelnetEngineListener {
        @Override
        public void onData(byte[] buf, int off, int len) {
            data.write(buf, off, len);
        }

        @Override
        public void onCommand(int command) {
            events.add("command " + command);
        }

        @Override
        public void onNegotiationEvent(org.telnet4j.protocol.NegotiationEvent event,
                                       org.telnet4j.protocol.Side side, int option) {
            events.add(event + " " + side + " " + TelnetOption.name(option));
            if (event == org.telnet4j.protocol.NegotiationEvent.ENABLED && option == TelnetOption.NAWS
                && side == org.telnet4j.protocol.Side.LOCAL && columns > 0) {
                byte[] p = WindowSize.payload(columns, rows);
                engine.sendSubnegotiation(TelnetOption.NAWS, p, 0, p.length);
            }
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            events.add("sb " + TelnetOption.name(option));
            if (option == TelnetOption.TTYPE && len > 0 && buf[off] == TerminalType.SEND
                && !terminalTypes.isEmpty()) {
                String t = terminalTypes.get(Math.min(ttypeIndex++, terminalTypes.size() - 1));
                byte[] name = t.getBytes(StandardCharsets.US_ASCII);
                byte[] p = new byte[name.length + 1];
                p[0] = TerminalType.IS;
                System.arraycopy(name, 0, p, 1, name.length);
                engine.sendSubnegotiation(TelnetOption.TTYPE, p, 0, p.length);
            } else if (option == TelnetOption.NEW_ENVIRON && len > 0 && buf[off] == Environ.SEND) {
                byte[] p = Environ.reply(Environ.IS, environ, java.util.Set.of());
                engine.sendSubnegotiation(TelnetOption.NEW_ENVIRON, p, 0, p.length);
            } else if (option == TelnetOption.CHARSET && len > 0 && buf[off] == CharsetNegotiation.REQUEST) {
                byte[] p = acceptCharset == null ? CharsetNegotiation.rejected()
                    : CharsetNegotiation.accepted(acceptCharset);
                engine.sendSubnegotiation(TelnetOption.CHARSET, p, 0, p.length);
            }
        }
    }
}
