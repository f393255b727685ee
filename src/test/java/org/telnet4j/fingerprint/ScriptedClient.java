package org.telnet4j.fingerprint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetParser;
import org.telnet4j.protocol.TelnetParserListener;

/**
 * A telnet client driven by a script, for the fingerprint server's tests: it answers each
 * negotiation and subnegotiation with whatever the {@link Script} returns and collects the text it
 * is shown, until the server closes.
 */
final class ScriptedClient {
    /** How the client behaves: each method returns the bytes to send (empty for nothing). */
    interface Script {
        default byte[] opening() {
            return new byte[0];
        }

        byte[] onNegotiation(int verb, int option);

        default byte[] onSubnegotiation(int option, byte[] payload) {
            return new byte[0];
        }
    }

    /** Refuses everything, as Python's telnetlib does. */
    static final Script REFUSE_ALL = (verb, option) -> verb == TelnetCommand.DO || verb == TelnetCommand.DONT
        ? verb(TelnetCommand.WONT, option) : verb(TelnetCommand.DONT, option);

    private ScriptedClient() {
    }

    static byte[] verb(int verb, int option) {
        return new byte[] {(byte) TelnetCommand.IAC, (byte) verb, (byte) option};
    }

    /** IAC SB option payload IAC SE, with IAC in the payload doubled. */
    static byte[] sb(int option, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(TelnetCommand.IAC);
        b.write(TelnetCommand.SB);
        b.write(option);
        for (byte x : payload) {
            b.write(x);
            if ((x & 0xff) == TelnetCommand.IAC) {
                b.write(TelnetCommand.IAC);
            }
        }
        b.write(TelnetCommand.IAC);
        b.write(TelnetCommand.SE);
        return b.toByteArray();
    }

    /** Connects, runs the script until the server closes and returns the text shown. */
    static String run(InetSocketAddress server, Script script, Duration timeout) throws Exception {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                return talk(server, script);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String talk(InetSocketAddress server, Script script) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            TelnetParser p = new TelnetParser(new TelnetParserListener() {
                @Override
                public void onData(byte[] buf, int off, int len) {
                    text.write(buf, off, len);
                }

                @Override
                public void onCommand(int command) {
                }

                @Override
                public void onNegotiation(int verb, int option) {
                    pending.writeBytes(script.onNegotiation(verb, option));
                }

                @Override
                public void onSubnegotiation(int option, byte[] buf, int off, int len) {
                    byte[] payload = new byte[len];
                    System.arraycopy(buf, off, payload, 0, len);
                    pending.writeBytes(script.onSubnegotiation(option, payload));
                }

                @Override
                public void onProtocolWarning(ProtocolWarning warning, int detail) {
                }
            });
            out.write(script.opening());
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                p.feed(buf, 0, n);
                if (pending.size() > 0) {
                    try {
                        out.write(pending.toByteArray());
                    } catch (IOException e) {
                        break; // the server closed while we answered
                    }
                    pending.reset();
                }
            }
            return text.toString(StandardCharsets.UTF_8);
        } catch (java.net.SocketException e) {
            return "";
        }
    }
}
