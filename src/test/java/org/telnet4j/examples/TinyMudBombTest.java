package org.telnet4j.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.ZlibBomb;

/**
 * Issue 12, item 1, as it was found: the example MUD in its own JVM at {@code -Xmx256m}, and one
 * 62 KB segment that starts MCCP3 and inflates to 62 MiB of line ends, sent by three attackers.
 * The MUD must live on and greet the next player.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class TinyMudBombTest {

    @Test
    void theMudAt256MiBSurvivesMccp3BombsAndGreetsTheNextPlayer() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), TinyMud.class.getName(), "0", "127.0.0.1");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = r.readLine();
            while (first != null && !first.startsWith("Tiny MUD on port ")) {
                log.append(first).append('\n'); // log lines before it (the connection limit it chose)
                first = r.readLine();
            }
            assertTrue(first != null, "the MUD did not start: " + log);
            int port = Integer.parseInt(first.substring("Tiny MUD on port ".length()).trim());
            CompletableFuture.runAsync(() -> {
                try {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (log) {
                            log.append(line).append('\n');
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            byte[] z = ZlibBomb.of(62L << 20, (byte) '\n');
            byte[] start = {(byte) 255, (byte) TelnetCommand.DO, (byte) TelnetOption.MCCP3,
                (byte) 255, (byte) TelnetCommand.SB, (byte) TelnetOption.MCCP3, (byte) 255, (byte) TelnetCommand.SE};
            List<Socket> attackers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                ByteArrayOutputStream seg = new ByteArrayOutputStream();
                seg.write(start);
                seg.write(z);
                s.getOutputStream().write(seg.toByteArray());
                attackers.add(s);
            }
            try (Socket player = new Socket()) {
                player.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                player.setSoTimeout(200);
                String seen = readUntil(player, "By what name are you known?");
                assertTrue(seen.contains("Welcome to the Tiny MUD."), seen);
            }
            for (Socket s : attackers) {
                s.close();
            }
            assertTrue(p.isAlive(), "the MUD died: " + log);
            synchronized (log) {
                assertFalse(log.toString().contains("OutOfMemoryError"), log.toString());
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    private static String readUntil(Socket s, String expected) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!got.toString(StandardCharsets.ISO_8859_1).contains(expected)) {
            assertTrue(System.nanoTime() < deadline, "no greeting; got " + got.toString(StandardCharsets.ISO_8859_1));
            try {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // again until the deadline
            }
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
