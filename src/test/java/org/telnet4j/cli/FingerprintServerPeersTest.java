package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.fingerprint.KnownClients;
import org.telnet4j.testing.BinProcess;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.MiniJson;
import org.telnet4j.testing.SchemaCheck;
import org.telnet4j.testing.Tmux;

/**
 * {@code bin/telnet4j-fingerprint-server} (default settings) probed by the real clients CI runs:
 * inetutils telnet, busybox telnet, TinTin++ and our own client on a tmux pseudo-terminal, Python's
 * telnetlib, Perl's Net::Telnet and Ruby's net-telnet as scripts. Each client is probed three
 * times and must give the same hash each time, a hash no other client gives, and the hash the
 * known-clients table names it by; the screen (or the script's output) shows that hash, and every
 * saved document passes docs/client-fingerprint.schema.json.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class FingerprintServerPeersTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int RUNS = 3;

    @TempDir
    static Path tmp;
    private static BinProcess server;
    private static Path data;
    private static final Map<String, String> HASHES = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        data = tmp.resolve("data");
        server = BinProcess.start("telnet4j-fingerprint-server", "127.0.0.1", "0", "--data-dir", data.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void inetutilsTelnet() throws Exception {
        String telnet = ExternalPrograms.require("inetutils-telnet", "inetutils-telnet");
        inTmux("inetutils telnet", telnet + " 127.0.0.1 " + server.port);
    }

    @Test
    void busyboxTelnet() throws Exception {
        String busybox = ExternalPrograms.require("busybox", "busybox-static");
        inTmux("busybox telnet", busybox + " telnet 127.0.0.1 " + server.port);
    }

    @Test
    void tintin() throws Exception {
        String tt = ExternalPrograms.require("tt++", "tintin++");
        Path tin = tmp.resolve("fp.tin");
        Files.writeString(tin, "#session fp 127.0.0.1 " + server.port + "\n");
        inTmux("TinTin++", tt + " -G " + tin);
    }

    @Test
    void telnet4jClient() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        inTmux("telnet4j-client", "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
            + ClientMain.class.getName() + " 127.0.0.1 " + server.port);
    }

    @Test
    void pythonTelnetlib() throws Exception {
        String py = ExternalPrograms.require("python3", "python3");
        script("Python telnetlib", py, "-W", "ignore", "-c",
            "import telnetlib,sys\nt=telnetlib.Telnet('127.0.0.1'," + server.port + ",30)\n"
                + "sys.stdout.write(t.read_all().decode('ascii','replace'))\n");
    }

    @Test
    void perlNetTelnet() throws Exception {
        String perl = ExternalPrograms.require("perl", "perl");
        ExternalPrograms.requireThat(new ProcessBuilder(perl, "-MNet::Telnet", "-e", "1").start().waitFor() == 0,
            "Perl's Net::Telnet is missing (Debian: libnet-telnet-perl)");
        script("Perl Net::Telnet", perl, "-MNet::Telnet", "-e",
            "my $t = Net::Telnet->new(Host => '127.0.0.1', Port => " + server.port + ", Timeout => 30,"
                + " Errmode => 'return'); while (defined(my $l = $t->getline())) { print $l }");
    }

    @Test
    void rubyNetTelnet() throws Exception {
        String ruby = ExternalPrograms.require("ruby", "ruby");
        ExternalPrograms.requireThat(new ProcessBuilder(ruby, "-rnet/telnet", "-e", "1").start().waitFor() == 0,
            "Ruby's net-telnet is missing (Debian: ruby-net-telnet)");
        script("Ruby net-telnet", ruby, "-rnet/telnet", "-e",
            "t = Net::Telnet.new('Host' => '127.0.0.1', 'Port' => " + server.port + ", 'Timeout' => 30); "
                + "s = +''; begin; t.waitfor(/Bye\\./) { |c| s << c }; rescue StandardError; end; print s");
    }

    // ---- driving ----------------------------------------------------------------------------------

    private void inTmux(String name, String command) throws Exception {
        String tmux = ExternalPrograms.require("tmux", "tmux");
        Path sh = tmp.resolve(name.replaceAll("[^A-Za-z0-9]", "_") + ".sh");
        Files.writeString(sh, "#!/bin/sh\nexport LANG=C.UTF-8 TERM=xterm HOME='" + tmp + "'\n" + command
            + "\nsleep 30\n");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwx------"));
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Set<Path> before = documents();
            try (Tmux t = Tmux.start(tmux, sh, 100, 40)) {
                String screen = t.waitFor(s -> s.contains("Bye."), name + "'s summary", WAIT);
                String hash = newHash(before);
                assertTrue(screen.replace("\n", "").contains("telnet_hash:   " + hash),
                    name + " is shown its hash " + hash + ":\n" + screen);
                hashes.add(hash);
            }
        }
        record(name, hashes);
    }

    private void script(String name, String... cmd) throws Exception {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Set<Path> before = documents();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), name + " ended");
            String hash = newHash(before);
            assertTrue(out.contains("telnet_hash:   " + hash), name + " is shown its hash " + hash + ":\n" + out);
            hashes.add(hash);
        }
        record(name, hashes);
    }

    private static Set<Path> documents() throws IOException {
        Path c = data.resolve("client");
        if (!Files.isDirectory(c)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.walk(c)) {
            return new HashSet<>(s.filter(p -> p.toString().endsWith(".json")).toList());
        }
    }

    /** The hash of the one document written since {@code before}, checked against the schema. */
    private static String newHash(Set<Path> before) throws IOException {
        Set<Path> now = documents();
        now.removeAll(before);
        assertEquals(1, now.size(), "one new document: " + now);
        Path f = now.iterator().next();
        Object doc = MiniJson.parse(Files.readString(f));
        List<String> errors = SchemaCheck.check(Path.of("docs/client-fingerprint.schema.json"), doc);
        assertTrue(errors.isEmpty(), f + ": " + errors);
        return f.getParent().getFileName().toString();
    }

    private static synchronized void record(String name, List<String> hashes) {
        assertEquals(1, new HashSet<>(hashes).size(), name + " gives one hash over " + RUNS + " runs: " + hashes);
        String hash = hashes.get(0);
        HASHES.forEach((other, h) -> assertNotEquals(h, hash, name + " and " + other + " hash alike"));
        HASHES.put(name, hash);
        List<String> known = KnownClients.load().names(hash);
        assertTrue(known.contains(name), "the known-clients table names " + hash + " as " + name + ", not " + known);
    }
}
