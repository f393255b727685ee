package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telnet4j.option.mud.InflateLimitException;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.ZlibBomb;

/**
 * MCCP2 through {@link BlockingTelnetClient}'s own inbound path: a loopback server that waits for
 * {@code DO MCCP2}, then sends the start marker and the compressed stream in the same write as
 * the plain text around them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlockingMccpTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Serves one connection: WILL MCCP2, and once the client says DO, {@code then} in one write. */
    private static CompletableFuture<Void> serve(ServerSocket ss, byte[] then) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = ss.accept()) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(new byte[] {(byte) 255, (byte) TelnetCommand.WILL, (byte) TelnetOption.MCCP2});
                out.flush();
                byte[] doMccp2 = {(byte) 255, (byte) TelnetCommand.DO, (byte) TelnetOption.MCCP2};
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                byte[] buf = new byte[1024];
                while (indexOf(seen.toByteArray(), doMccp2) < 0) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return;
                    }
                    seen.write(buf, 0, n);
                }
                out.write(then);
                out.flush();
                while (in.read(buf) >= 0) {
                    // until the client hangs up
                }
            } catch (IOException e) {
                // the client closed hard
            }
        });
    }

    private static byte[] marker() {
        return ClientProtocolTest.b(255, TelnetCommand.SB, TelnetOption.MCCP2, 255, TelnetCommand.SE);
    }

    @Test
    void compressedTextArrivesBetweenPlainTextInOneRead() throws Exception {
        byte[] z = ZlibBomb.zlib("compressed line\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] then = ClientProtocolTest.concat("before\r\n".getBytes(StandardCharsets.US_ASCII), marker(), z,
            "after\r\n".getBytes(StandardCharsets.US_ASCII));
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = serve(ss, then);
            try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", ss.getLocalPort(),
                    ClientConfig.builder().build())) {
                String got = c.readUntil("after", WAIT);
                assertTrue(got.replace("\r\n", "\n").contains("before\ncompressed line\nafter"), got);
                assertFalse(c.protocol().isCompressed(), "the zlib stream ended");
            }
            server.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aBombEndsTheReadWithTheLimit() throws Exception {
        byte[] then = ClientProtocolTest.concat(marker(), ZlibBomb.zlib(new byte[32 << 20]));
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = serve(ss, then);
            try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", ss.getLocalPort(),
                    ClientConfig.builder().build())) {
                IOException e = assertThrows(IOException.class, () -> c.readUntil("never", WAIT));
                assertInstanceOf(InflateLimitException.class, e, e.toString());
            }
            server.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        return org.telnet4j.testing.RawTelnetClient.indexOf(hay, needle);
    }
}
