package org.telnet4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import org.telnet4j.server.DisconnectReason;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server process of {@code bin/telnet4j-loadtest} ({@code LoadTest server}): a telnet4j server
 * running the echo shell ({@link EchoHandler}, as {@code --shell echo}) on its own loop thread, the
 * {@link PlainEchoServer} baseline on another, both on 127.0.0.1 with ports chosen by the system,
 * and a control port on which the driver asks for statistics, heap figures after full GCs, class
 * histograms and CPU times. It prints one line, {@code READY telnet=P plain=P control=P pid=N},
 * then serves one control connection and exits when it ends, on {@code QUIT}, or after
 * {@code --max-seconds} whatever happens.
 */
@Command(name = "server", description = "Server side of the load test (started by the driver).")
final class LoadServer implements Callable<Integer> {
    @Option(names = "--max-connections", defaultValue = "10000", description = "telnet4j's connection limit")
    int maxConnections;

    @Option(names = "--idle-timeout", defaultValue = "600", description = "idle timeout in seconds")
    long idleTimeout;

    @Option(names = "--negotiation-deadline", defaultValue = "1.5", description = "seconds")
    double negotiationDeadline;

    @Option(names = "--max-seconds", defaultValue = "1800", description = "exit after this long regardless")
    long maxSeconds;

    @Option(names = "--loglevel", defaultValue = "warn")
    String loglevel;

    /** The echo shell, counting sessions as they start and end. Runs on the loop thread. */
    static final class CountingEcho implements SessionHandler {
        private final EchoHandler echo = new EchoHandler();
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger negotiated = new AtomicInteger();
        final AtomicInteger disconnected = new AtomicInteger();

        @Override
        public void onConnect(Session session) {
            connected.incrementAndGet();
            // Fully negotiated: the client's terminal type and window size were known at onConnect.
            if (LoadTest.TERMINAL.equalsIgnoreCase(session.terminalType())
                && session.columns() == LoadTest.COLUMNS && session.rows() == LoadTest.ROWS) {
                negotiated.incrementAndGet();
            }
        }

        @Override
        public void onLine(Session session, String line) {
            echo.onLine(session, line);
        }

        @Override
        public void onDisconnect(Session session, DisconnectReason reason) {
            disconnected.incrementAndGet();
        }
    }

    private TelnetServer server;
    private CountingEcho handler;
    private Thread telnetLoop;
    private Thread plainLoop;

    @Override
    public Integer call() throws Exception {
        Logging.configure(loglevel, null);
        handler = new CountingEcho();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        server = TelnetServer.builder()
            .host("127.0.0.1")
            .port(0)
            .maxConnections(maxConnections)
            .maxConnectionsPerAddress(0) // every load-test connection comes from 127.0.0.1
            .idleTimeout(Duration.ofSeconds(idleTimeout))
            .negotiationDeadline(Duration.ofMillis(Math.round(negotiationDeadline * 1000)))
            .handler(handler)
            .build();
        InetSocketAddress telnet = server.bind();
        telnetLoop = server.loop().start("telnet4j-loop"); // what TelnetServer.start() does
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(maxSeconds));
                System.err.println("load server: --max-seconds passed; exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // normal end
            }
        }, "loadtest-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (PlainEchoServer plain = new PlainEchoServer(new InetSocketAddress(loopback, 0));
             ServerSocket control = new ServerSocket(0, 1, loopback)) {
            plainLoop = plain.start("plain-echo-loop");
            System.out.println("READY telnet=" + telnet.getPort() + " plain=" + plain.port()
                + " control=" + control.getLocalPort() + " pid=" + ProcessHandle.current().pid());
            System.out.flush();
            control.setSoTimeout(60_000);
            try (Socket s = control.accept()) {
                serve(s);
            }
        } finally {
            server.shutdown(Duration.ofSeconds(2));
            watchdog.interrupt();
        }
        return 0;
    }

    private void serve(Socket s) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        PrintWriter out = new PrintWriter(s.getOutputStream(), false, StandardCharsets.US_ASCII);
        String cmd;
        while ((cmd = in.readLine()) != null) {
            switch (cmd.trim()) {
                case "STATS":
                    out.println(stats());
                    break;
                case "HEAP":
                    out.println("heap=" + heapAfterFullGc());
                    break;
                case "HISTO":
                    out.print(classHistogram());
                    out.println("END");
                    break;
                case "CPU":
                    out.println(cpu());
                    break;
                case "QUIT":
                    out.println("BYE");
                    out.flush();
                    return;
                default:
                    out.println("ERROR unknown command " + cmd);
                    break;
            }
            out.flush();
        }
    }

    private String stats() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        server.loop().execute(() -> f.complete("open=" + server.connectionCount()
            + " sessions=" + server.sessions().size() + " refused=" + server.refusedCount()));
        return f.get(30, TimeUnit.SECONDS) + " onConnect=" + handler.connected.get()
            + " negotiated=" + handler.negotiated.get() + " onDisconnect=" + handler.disconnected.get()
            + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * Used heap after full collections: five {@code System.gc()} calls, each reading taken at once
     * after it, the smallest of the last three kept (whatever the idle loop allocated in between is
     * not live data).
     */
    static long heapAfterFullGc() throws InterruptedException {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = m.getHeapMemoryUsage().getUsed();
            if (i >= 2) {
                min = Math.min(min, used);
            }
            Thread.sleep(100);
        }
        return min;
    }

    /** What {@code jmap -histo:live} prints, from the DiagnosticCommand MBean (a full GC first). */
    static String classHistogram() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
            new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
            new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    private String cpu() {
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean tm =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return "process=" + os.getProcessCpuTime()
            + " telnetCpu=" + tm.getThreadCpuTime(telnetLoop.getId())
            + " telnetAlloc=" + tm.getThreadAllocatedBytes(telnetLoop.getId())
            + " plainCpu=" + tm.getThreadCpuTime(plainLoop.getId())
            + " plainAlloc=" + tm.getThreadAllocatedBytes(plainLoop.getId())
            + " gcCount=" + gcCount + " gcMillis=" + gcMillis;
    }
}
