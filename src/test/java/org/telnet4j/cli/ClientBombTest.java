package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.RawTelnetClient.indexOf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/**
 * {@code bin/telnet4j-client} in pipe mode against a hostile server that sends an MCCP2 bomb
 * (62 MiB of line ends in about 60 KB): the client ends the session with a message that says
 * why and a non-zero exit, in a 64 MiB heap, never OutOfMemoryError.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientBombTest {

    static byte[] bomb(long n, byte b) {
        return org.telnet4j.testing.ZlibBomb.of(n, b);
    }

    @Test
    void anMccp2BombEndsThePipeClientWithAMessageAndStatusOne() throws Exception {
        byte[] z = bomb(62L << 20, (byte) '\n');
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> hostile = CompletableFuture.runAsync(() -> {
                try (Socket s = ss.accept()) {
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    out.write(new byte[] {(byte) 255, (byte) TelnetCommand.WILL, (byte) TelnetOption.MCCP2});
                    ByteArrayOutputStream seen = new ByteArrayOutputStream();
                    byte[] doMccp2 = {(byte) 255, (byte) TelnetCommand.DO, (byte) TelnetOption.MCCP2};
                    byte[] buf = new byte[4096];
                    while (indexOf(seen.toByteArray(), doMccp2) < 0) {
                        int n = in.read(buf);
                        if (n < 0) {
                            return;
                        }
                        seen.write(buf, 0, n);
                    }
                    out.write(new byte[] {(byte) 255, (byte) TelnetCommand.SB, (byte) TelnetOption.MCCP2,
                        (byte) 255, (byte) TelnetCommand.SE});
                    out.write(z);
                    out.flush();
                    while (in.read(buf) >= 0) {
                        // wait for the client to hang up
                    }
                } catch (IOException e) {
                    // the client closed hard: that is what we wait for
                }
            });
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), ClientMain.class.getName(),
                "127.0.0.1", String.valueOf(ss.getLocalPort()));
            Process p = new ProcessBuilder(cmd).start();
            try {
                CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
                CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
                // Standard input stays open: the client must end by itself.
                assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the client did not exit");
                String e = err.get(10, TimeUnit.SECONDS);
                out.get(10, TimeUnit.SECONDS);
                assertEquals(1, p.exitValue(), e);
                assertTrue(e.contains("telnet4j-client: connection closed: the server's decompression ratio above"), e);
                assertFalse(e.contains("OutOfMemoryError"), e);
                assertFalse(e.contains("\tat "), "no stack trace: " + e);
                hostile.get(30, TimeUnit.SECONDS);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
