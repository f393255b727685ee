package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.ExternalPrograms;

/**
 * Real HAProxy (Debian's haproxy) in TCP mode in front of two {@code telnet4j-server} processes
 * with {@code send-proxy-v2}, configured by the samples in {@code docs/} with ports rewritten.
 */
class HaproxyTest {
    private static final Pattern WHO = Pattern.compile("you are (\\S+):(\\d+) via (\\d+) secure=(\\S+) tls=(\\S+)");
    private static final int READ_MILLIS = 15_000;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Process haproxy;

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What the server told one client. */
    private static final class Client {
        final Socket socket;
        final BufferedReader in;
        String host;
        int port;
        int instance;
        boolean secure;
        String tls;

        Client(Socket s) throws IOException {
            socket = s;
            s.setSoTimeout(READ_MILLIS);
            in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        }

        void readGreeting() throws IOException {
            String l;
            while ((l = in.readLine()) != null) {
                Matcher m = WHO.matcher(l);
                if (m.find()) {
                    host = m.group(1);
                    port = Integer.parseInt(m.group(2));
                    instance = Integer.parseInt(m.group(3));
                    secure = Boolean.parseBoolean(m.group(4));
                    tls = m.group(5);
                    return;
                }
            }
            throw new AssertionError("no greeting before the end of the stream");
        }

        /** Reads lines until one contains {@code text}; false at the end of the stream. */
        boolean readUntil(String text) throws IOException {
            String l;
            while ((l = in.readLine()) != null) {
                if (l.contains(text)) {
                    return true;
                }
            }
            return false;
        }

        void send(String line) throws IOException {
            OutputStream o = socket.getOutputStream();
            o.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
        }
    }

    private ServerProcess server() throws Exception {
        ServerProcess p = ServerProcess.start("--proxy-protocol", "--proxy-from", "127.0.0.1",
                "--max-per-address", "0", // every test client is 127.0.0.1, as the header says
            "--shell", WhoAmIHandler.class.getName(), "--connect-maxwait", "0.1", "--drain-timeout", "10");
        toClose.add(p);
        return p;
    }

    /** Starts HAProxy with a docs/ sample, rewritten to our ports; returns the frontend port. */
    private int startHaproxy(String sample, int s1, int s2, String pem) throws Exception {
        String exe = ExternalPrograms.require("haproxy", "haproxy");
        int front;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            front = free.getLocalPort();
        }
        String cfg = Files.readString(Path.of("docs", sample))
            .replaceAll("bind \\S+", "bind 127.0.0.1:" + front)
            .replace("127.0.0.1:7001", "127.0.0.1:" + s1)
            .replace("127.0.0.1:7002", "127.0.0.1:" + s2)
            .replace("/etc/haproxy/telnet.pem", pem == null ? "" : pem)
            .replaceAll("maxconn \\d+", "maxconn 2000"); // within a test runner's ulimit -n
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        Path log = dir.resolve("haproxy.log");
        haproxy = new ProcessBuilder(exe, "-f", file.toString(), "-db").redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) { // until HAProxy listens: a bounded wait on an external process
            try (Socket s = new Socket("127.0.0.1", front)) {
                break;
            } catch (IOException e) {
                if (!haproxy.isAlive() || System.nanoTime() > end) {
                    throw new AssertionError("haproxy did not start: " + Files.readString(log));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        return front;
    }

    @Test
    void hundredClientsSeeTheirRealAddressesSpreadOverTwoServersAndOneDrains() throws Exception {
        ServerProcess a = server();
        ServerProcess b = server();
        int front = startHaproxy("haproxy.cfg", a.port, b.port, null);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Client c = new Client(new Socket("127.0.0.1", front));
            toClose.add(c.socket);
            clients.add(c);
        }
        Map<Integer, Integer> perInstance = new HashMap<>();
        for (Client c : clients) {
            c.readGreeting();
            assertEquals("127.0.0.1", c.host);
            assertEquals(c.socket.getLocalPort(), c.port, "the session sees the client's own port");
            assertTrue(c.instance == a.port || c.instance == b.port, "instance " + c.instance);
            assertEquals(false, c.secure);
            perInstance.merge(c.instance, 1, Integer::sum);
        }
        assertEquals(2, perInstance.size(), "spread over both: " + perInstance);
        assertTrue(perInstance.get(a.port) >= 30 && perInstance.get(b.port) >= 30, "balanced: " + perInstance);

        // Rolling restart of the first: SIGTERM, as systemd or a deploy script sends it.
        // toHandle(): Process.destroy() would also close our end of its output, losing its log.
        assertTrue(a.process.toHandle().destroy(), "SIGTERM sent");
        for (Client c : clients) {
            if (c.instance == a.port) {
                assertTrue(c.readUntil("Server restarting"), "a drained client is told why");
                assertEquals(null, c.in.readLine(), "then its connection ends");
            }
        }
        assertTrue(a.process.waitFor(30, TimeUnit.SECONDS), "the drained server exits");
        assertEquals(0, a.process.exitValue());
        long logEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.log.stream().noneMatch(l -> l.contains("drained in")) && System.nanoTime() < logEnd) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the log pump may lag the exit
        }
        assertTrue(a.log.stream().anyMatch(l -> l.contains("SIGTERM: draining")), a.log.toString());
        assertTrue(a.log.stream().anyMatch(l -> l.contains("drained in")), a.log.toString());
        for (Client c : clients) {
            if (c.instance == b.port) {
                c.send("still there?");
                assertTrue(c.readUntil("echo still there?"), "the other server keeps serving");
            }
        }
        for (int i = 0; i < 10; i++) { // newcomers all reach the one left
            Client c = new Client(new Socket("127.0.0.1", front));
            toClose.add(c.socket);
            c.readGreeting();
            assertEquals(b.port, c.instance);
            assertEquals(c.socket.getLocalPort(), c.port);
        }
    }

    @Test
    void tlsTerminatedAtHaproxyMarksSessionsSecure() throws Exception {
        String openssl = ExternalPrograms.require("openssl", "openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process gen = new ProcessBuilder(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertTrue(gen.waitFor(60, TimeUnit.SECONDS) && gen.exitValue() == 0, "openssl made a certificate");
        Path pem = dir.resolve("telnet.pem");
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
        ServerProcess a = server();
        ServerProcess b = server();
        int front = startHaproxy("haproxy-tls.cfg", a.port, b.port, pem.toString());
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, null); // a test certificate
        Map<Integer, Integer> perInstance = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket();
            s.connect(new InetSocketAddress("127.0.0.1", front), READ_MILLIS);
            toClose.add(s);
            s.startHandshake();
            Client c = new Client(s);
            c.readGreeting();
            assertTrue(c.secure, "the SSL TLV marks the session secure");
            assertEquals(s.getSession().getProtocol(), c.tls, "the TLS version the client negotiated");
            assertEquals(s.getLocalPort(), c.port);
            perInstance.merge(c.instance, 1, Integer::sum);
        }
        assertEquals(2, perInstance.size(), perInstance.toString());
    }

    /** Trusts the certificate made for this test. */
    private static final class TrustAll implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
