package org.telnet4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.client.BlockingTelnetClient;
import org.telnet4j.client.ClientConfig;
import org.telnet4j.client.ClientHandler;
import org.telnet4j.client.ClientSession;
import org.telnet4j.client.TelnetClient;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.option.mud.Gmcp;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.ExternalPrograms;

/** The example MUD, played by our clients and by TinTin++. */
class TinyMudTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    TinyMud mud;
    Thread loop;
    final AtomicBoolean running = new AtomicBoolean(true);

    @BeforeEach
    void startMud() throws Exception {
        mud = new TinyMud("127.0.0.1", 0);
        loop = new Thread(() -> {
            try {
                while (running.get()) {
                    mud.tick(20); // the game's own loop drives the server
                }
                mud.server().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "tiny-mud");
        loop.start();
    }

    @AfterEach
    void stopMud() throws InterruptedException {
        running.set(false);
        loop.join(10_000);
    }

    int port() {
        return mud.server().localAddress().getPort();
    }

    @Test
    void twoPlayersMeetTalkAndSeeEachOther() throws Exception {
        try (BlockingTelnetClient ann = BlockingTelnetClient.connect("127.0.0.1", port(), ClientConfig.defaults());
             BlockingTelnetClient bob = BlockingTelnetClient.connect("127.0.0.1", port(), ClientConfig.defaults())) {
            assertTrue(ann.readUntil("known? ", WAIT) != null);
            ann.writeLine("ann");
            assertTrue(ann.readUntil("hp > ", WAIT) != null);
            assertTrue(bob.readUntil("known? ", WAIT) != null);
            bob.writeLine("bob");
            assertTrue(ann.readUntil("Bob arrives.", WAIT) != null);
            bob.writeLine("say hello ann");
            assertTrue(ann.readUntil("Bob says, \"hello ann\"", WAIT) != null);
            ann.writeLine("who");
            String who = ann.readUntil("hp > ", WAIT);
            assertTrue(who.contains("Ann (Town Square)") && who.contains("Bob (Town Square)"), who);
            ann.writeLine("north");
            assertTrue(ann.readUntil("The Sleepy Inn", WAIT) != null);
            assertTrue(bob.readUntil("Ann leaves north.", WAIT) != null);
            assertTrue(bob.protocol().isCompressed(), "MCCP2 is on for our client");
            bob.writeLine("quit");
            assertTrue(bob.readUntil("Farewell, Bob.", WAIT) != null, "the last words arrive before the close");
            assertEquals("", bob.readLine(WAIT), "the rest of the farewell line");
            assertEquals(null, bob.readLine(WAIT));
            assertTrue(bob.isEof());
        }
    }

    @Test
    void gmcpRoomInfoOnMovesAndMsspForCrawlers() throws Exception {
        EventLoop el = new EventLoop();
        el.start("mud-client");
        try {
            LinkedBlockingQueue<Object> got = new LinkedBlockingQueue<>();
            StringBuilder text = new StringBuilder();
            ClientConfig cfg = ClientConfig.builder().gmcp("test", "1", "Room 1", "Char 1")
                .alwaysDo(TelnetOption.MSSP).build();
            ClientSession s = TelnetClient.connect(el, "127.0.0.1", port(), cfg, new ClientHandler() {
                @Override
                public void onText(ClientSession session, String t) {
                    synchronized (text) {
                        text.append(t);
                    }
                    if (t.contains("known? ")) {
                        session.send("carol\n");
                    }
                }

                @Override
                public void onGmcp(ClientSession session, Gmcp.Message m) {
                    got.add(m);
                }

                @Override
                public void onMssp(ClientSession session, Map<String, List<String>> vars) {
                    got.add(vars);
                }
            }).get(10, TimeUnit.SECONDS);
            Object first = got.poll(15, TimeUnit.SECONDS);
            assertTrue(first instanceof Map, "MSSP first: " + first);
            assertEquals(List.of("Tiny telnet4j MUD"), ((Map<?, ?>) first).get("NAME"));
            Gmcp.Message room = awaitGmcp(got, "Room.Info");
            assertTrue(room.json().contains("\"name\":\"Town Square\""), room.json());
            s.send("east\n");
            Gmcp.Message moved = awaitGmcp(got, "Room.Info");
            assertTrue(moved.json().contains("\"name\":\"East Gate\""), moved.json());
            assertTrue(awaitGmcp(got, "Char.Vitals").json().contains("\"maxhp\":20"));
        } finally {
            el.close();
        }
    }

    private static Gmcp.Message awaitGmcp(LinkedBlockingQueue<Object> q, String name) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Object o = q.poll(500, TimeUnit.MILLISECONDS);
            if (o instanceof Gmcp.Message && ((Gmcp.Message) o).name().equals(name)) {
                return (Gmcp.Message) o;
            }
        }
        throw new AssertionError("no GMCP " + name);
    }

    @Test
    void tintinPlaysIt(@TempDir Path tmp) throws Exception {
        String tintin = ExternalPrograms.require("tt++", "tintin++");
        String tmux = ExternalPrograms.require("tmux", "tmux");
        Path log = tmp.resolve("pane.log");
        Path script = tmp.resolve("play.tin");
        Files.writeString(script, String.join("\n",
            "#session mud 127.0.0.1 " + port(),
            "#action {By what name are you known} {#send {Tester}}",
            "#action {Hello, Tester.} {#send {say hello from tintin}}",
            "#action {You say, \"hello from tintin\"} {#send {east}}",
            "#action {Exits: west} {#send {quit}}",
            "#event {SESSION DISCONNECTED} {#end}",
            "#delay {20} {#end}", ""));
        String name = "tt" + port();
        // TinTin++ needs a terminal: it runs in a tmux pane whose output is piped to a file, and
        // signals a tmux channel when it exits, which this test waits on.
        run(tmux, "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
            tintin + " " + script + "; tmux wait-for -S " + name + "-done");
        run(tmux, "pipe-pane", "-t", name, "cat >> " + log);
        try {
            Process done = new ProcessBuilder(tmux, "wait-for", name + "-done").start();
            assertTrue(done.waitFor(30, TimeUnit.SECONDS), "TinTin++ did not finish");
            String text = Files.readString(log).replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
            assertTrue(text.contains("You say, \"hello from tintin\""), text);
            assertTrue(text.contains("East Gate"), text);
            assertTrue(text.contains("#SESSION 'mud' DIED"), "the server closed after quit: " + text);
        } finally {
            new ProcessBuilder(tmux, "kill-session", "-t", name).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + new String(p.getInputStream().readAllBytes()));
    }
}
