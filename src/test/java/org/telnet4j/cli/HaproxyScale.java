package org.telnet4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's "Behind a load balancer" figures, measured once by hand (not a test): N telnet
 * clients held through HAProxy (send-proxy-v2) to two {@code telnet4j-server} processes, with
 * what HAProxy and the servers cost in memory and CPU. Run with {@code scripts/haproxy-scale}.
 *
 * <p>Every process here is capped at {@code ulimit -n} open files. HAProxy needs two per
 * relayed connection, so the load is split over enough HAProxy processes (each its own
 * frontend, all with the same two servers behind) and client processes to stay under the cap.
 *
 * <p>Usage: {@code HaproxyScale TOTAL} (coordinator) or {@code HaproxyScale client PORTS N}
 * (a client process: N connections spread over the comma-separated frontend ports).
 */
public final class HaproxyScale {
    private static final Pattern WHO = Pattern.compile("you are 127\\.0\\.0\\.1:(\\d+) via");

    private HaproxyScale() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("client")) {
            client(args[1], Integer.parseInt(args[2]));
            return;
        }
        coordinator(args.length > 0 ? Integer.parseInt(args[0]) : 20_000);
    }

    private static long fdLimit() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (l.startsWith("Max open files")) {
                return Long.parseLong(l.split("\\s+")[3]);
            }
        }
        return 1024;
    }

    private static void coordinator(int total) throws Exception {
        long fds = fdLimit();
        int perBalancer = (int) Math.min(total, (fds - 200) / 2);
        int balancers = (total + perBalancer - 1) / perBalancer;
        int perClient = (int) Math.min(total, fds - 200);
        int clients = (total + perClient - 1) / perClient;
        System.out.printf("ulimit -n %d: %d HAProxy processes, %d client processes, %d connections%n",
            fds, balancers, clients, total);
        List<Process> all = new ArrayList<>();
        try {
            ServerProcess s1 = ServerProcess.start("--proxy-protocol", "--proxy-from", "127.0.0.1",
                "--max-per-address", "0", // every test client is 127.0.0.1, as the header says
                "--shell", WhoAmIHandler.class.getName(), "--connect-maxwait", "0.2", "--timeout", "0",
                "--max-connections", String.valueOf(total));
            ServerProcess s2 = ServerProcess.start("--proxy-protocol", "--proxy-from", "127.0.0.1",
                "--max-per-address", "0", // every test client is 127.0.0.1, as the header says
                "--shell", WhoAmIHandler.class.getName(), "--connect-maxwait", "0.2", "--timeout", "0",
                "--max-connections", String.valueOf(total));
            all.add(s1.process);
            all.add(s2.process);
            Path dir = Files.createTempDirectory("haproxy-scale");
            StringBuilder ports = new StringBuilder();
            List<Process> haproxies = new ArrayList<>();
            for (int i = 0; i < balancers; i++) {
                int front;
                try (ServerSocket free = new ServerSocket(0)) {
                    front = free.getLocalPort();
                }
                String cfg = String.join("\n", "global", "    maxconn " + perBalancer,
                    "defaults", "    mode tcp", "    timeout connect 5s", "    timeout client 1h",
                    "    timeout server 1h",
                    "frontend telnet", "    bind 127.0.0.1:" + front, "    maxconn " + perBalancer,
                    "    default_backend telnet4j",
                    "backend telnet4j", "    balance leastconn",
                    "    server telnet1 127.0.0.1:" + s1.port + " send-proxy-v2",
                    "    server telnet2 127.0.0.1:" + s2.port + " send-proxy-v2", "");
                Path f = dir.resolve("haproxy" + i + ".cfg");
                Files.writeString(f, cfg);
                Process h = new ProcessBuilder("haproxy", "-f", f.toString(), "-db")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy" + i + ".log").toFile()).start();
                haproxies.add(h);
                all.add(h);
                ports.append(ports.length() > 0 ? "," : "").append(front);
            }
            for (Process h : haproxies) {
                awaitListening(h, ports.toString());
            }
            long[] cpu0 = {cpu(haproxies), cpu(List.of(s1.process, s2.process))};
            long t0 = System.nanoTime();
            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = Math.min(perClient, total - i * perClient);
                List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HaproxyScale.class.getName(), "client",
                    ports.toString(), String.valueOf(n));
                Process w = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                workers.add(w);
                all.add(w);
            }
            int held = 0;
            for (Process w : workers) {
                BufferedReader r = new BufferedReader(new InputStreamReader(w.getInputStream(), StandardCharsets.UTF_8));
                String l;
                while ((l = r.readLine()) != null) {
                    System.out.println("  client: " + l);
                    if (l.startsWith("held ")) {
                        held += Integer.parseInt(l.split(" ")[1]);
                        break;
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long hCpu = cpu(haproxies) - cpu0[0];
            long sCpu = cpu(List.of(s1.process, s2.process)) - cpu0[1];
            long hRss = rss(haproxies);
            long sRss = rss(List.of(s1.process, s2.process));
            System.out.printf("held %d of %d connections through %d HAProxy process(es) to 2 servers in %.1f s%n",
                held, total, balancers, secs);
            System.out.printf("HAProxy: RSS %.1f MiB (%.0f B/conn), CPU %.2f s to relay the connects%n",
                hRss / 1048576.0, (double) hRss / Math.max(1, held), hCpu / 100.0);
            System.out.printf("servers: RSS %.1f MiB (%.0f B/conn, JVM heap included), CPU %.2f s%n",
                sRss / 1048576.0, (double) sRss / Math.max(1, held), sCpu / 100.0);
            System.out.printf("ratio HAProxy/servers: memory %.2f, CPU %.2f%n", (double) hRss / sRss,
                (double) hCpu / Math.max(1, sCpu));
            // A drain of one server with its half of the clients connected, for scale.
            long d0 = System.nanoTime();
            s1.process.toHandle().destroy();
            s1.process.waitFor(120, TimeUnit.SECONDS);
            System.out.printf("SIGTERM drain of server 1 (about %d clients) until exit: %.2f s%n", held / 2,
                (System.nanoTime() - d0) / 1e9);
        } finally {
            for (Process p : all) {
                p.destroyForcibly();
            }
        }
    }

    private static void awaitListening(Process h, String ports) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (String p : ports.split(",")) {
            while (true) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", Integer.parseInt(p))) {
                    break;
                } catch (IOException e) {
                    if (!h.isAlive() || System.nanoTime() > end) {
                        throw new IllegalStateException("haproxy did not start");
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                }
            }
        }
    }

    /** utime + stime in clock ticks (100 a second on Linux). */
    private static long cpu(List<Process> ps) throws IOException {
        long t = 0;
        for (Process p : ps) {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            t += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return t;
    }

    private static long rss(List<Process> ps) throws IOException {
        long b = 0;
        for (Process p : ps) {
            for (String l : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    b += Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        return b;
    }

    /** Opens {@code n} connections, at most 500 in flight, and checks each greeting's port. */
    private static void client(String portList, int n) throws Exception {
        String[] ports = portList.split(",");
        Selector sel = Selector.open();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        int opened = 0;
        int greeted = 0;
        int inFlight = 0;
        int wrongPort = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (greeted < n) {
            while (opened < n && inFlight < 500) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(ports[opened % ports.length])));
                ch.register(sel, SelectionKey.OP_CONNECT, new StringBuilder());
                opened++;
                inFlight++;
            }
            if (System.nanoTime() > end) {
                System.out.println("gave up: " + greeted + " greeted of " + n);
                break;
            }
            sel.select(1000);
            for (SelectionKey k : sel.selectedKeys()) {
                SocketChannel ch = (SocketChannel) k.channel();
                try {
                    if (k.isConnectable()) {
                        ch.finishConnect();
                        k.interestOps(SelectionKey.OP_READ);
                        continue;
                    }
                    buf.clear();
                    int r = ch.read(buf);
                    if (r < 0) {
                        System.out.println("closed by the far end after " + greeted + " greetings");
                        k.cancel();
                        ch.close();
                        inFlight--;
                        continue;
                    }
                    StringBuilder seen = (StringBuilder) k.attachment();
                    if (seen == null) {
                        continue; // greeted already: discard
                    }
                    seen.append(new String(buf.array(), 0, r, StandardCharsets.ISO_8859_1));
                    Matcher m = WHO.matcher(seen);
                    if (m.find()) {
                        if (Integer.parseInt(m.group(1)) != ((InetSocketAddress) ch.getLocalAddress()).getPort()) {
                            wrongPort++;
                        }
                        k.attach(null);
                        greeted++;
                        inFlight--;
                    }
                } catch (IOException e) {
                    System.out.println("connection failed: " + e);
                    k.cancel();
                    ch.close();
                    inFlight--;
                }
            }
            sel.selectedKeys().clear();
        }
        System.out.println("wrong port in " + wrongPort + " greetings");
        System.out.println("held " + greeted);
        System.out.flush();
        // Hold them until the coordinator ends this process.
        while (System.in.read() >= 0) {
            sel.selectNow();
        }
    }
}
