package org.telnet4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.BinProcess;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.PeerReport;
import org.telnet4j.testing.Tmux;

/**
 * The interoperability matrix, MUD clients against {@code bin/telnet4j-mud}, on the screen through
 * tmux: TinTin++, TinyFugue and KBtin log in, look, move and say. TinTin++ also shows, by its own
 * telnet debug lines and events, that prompts are marked (IAC EOR or GA), that MCCP2 is on and that
 * GMCP and MSDP arrive; TinyFugue announces a prompt-marking world when the first prompt ends in
 * GA or EOR. (KBtin gives no sign on the screen of how a prompt ended, so that is not checked there.)
 */
class MudClientsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NAME_PROMPT = "By what name are you known?";

    @Test
    void tintin(@TempDir Path tmp) throws Exception {
        String tt = ExternalPrograms.require("tt++", "tintin++");
        String tmux = ExternalPrograms.require("tmux", "tmux");
        try (BinProcess mud = BinProcess.start("telnet4j-mud", "0", "127.0.0.1")) {
            Path tin = tmp.resolve("mud.tin");
            // TinTin++ answers DONT GMCP/MSDP unless told otherwise: say DO from the events.
            Files.writeString(tin, String.join("\n",
                "#config {debug telnet} on",
                "#event {IAC WILL GMCP} {#send {\\xFF\\xFD\\xC9\\}}",
                "#event {IAC WILL MSDP} {#send {\\xFF\\xFD\\x45\\}}",
                "#event {IAC SB GMCP} {#showme {GMCP-SEEN %0 %1}}",
                "#event {IAC SB MSDP} {#showme {MSDP-SEEN %0=%1}}",
                "#session mud 127.0.0.1 " + mud.port, ""));
            long t0 = System.nanoTime();
            try (Tmux t = Tmux.start(tmux, script(tmp, tt + " -G " + tin), 100, 40)) {
                t.waitFor(NAME_PROMPT, WAIT);
                PeerReport.timeToFirstPrompt("TinTin++", "tintin++", t0);
                String h = t.history();
                assertTrue(h.contains("MCCP2 INITIALIZED"), "MCCP2 on:\n" + h);
                assertTrue(h.contains("RCVD IAC EOR") || h.contains("RCVD IAC GA"), "the prompt is marked:\n" + h);
                t.type("#config {debug telnet} off");
                t.keys("Enter");
                t.type("Ada");
                t.keys("Enter");
                t.waitFor("Hello, Ada.", WAIT);
                t.waitFor(s -> s.contains("GMCP-SEEN Room.Info") && s.contains("{name}{Town Square}"),
                    "GMCP Room.Info", WAIT);
                t.waitFor(s -> s.contains("MSDP-SEEN HEALTH=") && s.contains("MSDP-SEEN HEALTH_MAX=20"),
                    "MSDP HEALTH", WAIT);
                commands(t);
            }
        }
    }

    @Test
    void tinyFugue(@TempDir Path tmp) throws Exception {
        String tf = ExternalPrograms.require("tf5", "tf5");
        String tmux = ExternalPrograms.require("tmux", "tmux");
        try (BinProcess mud = BinProcess.start("telnet4j-mud", "0", "127.0.0.1")) {
            long t0 = System.nanoTime();
            // -f: no personal configuration; host and port connect at once.
            try (Tmux t = Tmux.start(tmux, script(tmp, tf + " -f 127.0.0.1 " + mud.port), 100, 40)) {
                t.waitFor(NAME_PROMPT, WAIT);
                PeerReport.timeToFirstPrompt("TinyFugue", "tf5", t0);
                // tf says this on the first prompt that ends in GA or EOR, and only then.
                t.waitFor("This looks like an unterminated-prompt world", WAIT);
                t.type("Ada");
                t.keys("Enter");
                t.waitFor("Hello, Ada.", WAIT);
                commands(t);
            }
        }
    }

    @Test
    void kbtin(@TempDir Path tmp) throws Exception {
        String kbtin = ExternalPrograms.require("kbtin", "kbtin");
        String tmux = ExternalPrograms.require("tmux", "tmux");
        try (BinProcess mud = BinProcess.start("telnet4j-mud", "0", "127.0.0.1")) {
            try (Tmux t = Tmux.start(tmux, script(tmp, kbtin), 100, 40)) {
                t.waitFor("#session", WAIT);
                long t0 = System.nanoTime();
                t.type("#session mud 127.0.0.1 " + mud.port);
                t.keys("Enter");
                t.waitFor(NAME_PROMPT, WAIT);
                PeerReport.timeToFirstPrompt("KBtin", "kbtin", t0);
                t.type("Ada");
                t.keys("Enter");
                t.waitFor("Hello, Ada.", WAIT);
                commands(t);
            }
        }
    }

    /** Look, move, say and quit, each answered on the screen. */
    private static void commands(Tmux t) throws Exception {
        t.waitFor(s -> s.contains("Exits: north, east, south") && s.contains("20hp >"), "the room and a prompt", WAIT);
        t.type("look");
        t.keys("Enter");
        t.waitFor(s -> count(s, "Cobbles, a dry fountain") >= 2, "look shows the room again", WAIT);
        t.type("north");
        t.keys("Enter");
        t.waitFor("The Sleepy Inn", WAIT);
        t.type("say hi there");
        t.keys("Enter");
        t.waitFor("You say, \"hi there\"", WAIT);
        t.type("quit");
        t.keys("Enter");
        t.waitFor("Farewell, Ada.", WAIT);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static Path script(Path tmp, String command) throws Exception {
        Path p = tmp.resolve("client.sh");
        Files.writeString(p, "#!/bin/sh\nexec " + command + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
