package org.telnet4j.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Logins over real sockets: the password is not echoed (the server has WILL ECHO and sends
 * nothing back for it), a guessing client waits longer after each failure and is then locked out
 * with a log line, and a client from another address is not affected.
 */
class LoginTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration DELAY = Duration.ofMillis(300);

    @TempDir
    Path tmp;
    private Console console;
    private InetSocketAddress at;
    private ListAppender<ILoggingEvent> log;

    @BeforeEach
    void start() throws Exception {
        Path users = tmp.resolve("users");
        PasswordFile.add(users, "admin", "s3cret".toCharArray(), 1000);
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(LoginGuard.class)).addAppender(log);
        console = Console.builder().port(0)
            .authenticator(PasswordFile.load(users))
            .loginGuard(new LoginGuard(3, Duration.ofMinutes(10), Duration.ofMinutes(10), DELAY, System::nanoTime))
            .loginAttempts(5)
            .server(s -> s.negotiationDeadline(Duration.ofMillis(200)))
            .build();
        at = console.start().localAddress();
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(LoginGuard.class)).detachAppender(log);
        console.close();
    }

    /** The {@code n}-th guess; returns how long "Login incorrect" took to come. */
    private static long guess(RawClient c, int n, String password) throws Exception {
        c.awaitCount("login: ", n, WAIT);
        c.send("admin\r\n");
        c.awaitCount("Password: ", n, WAIT);
        int after = c.text().length();
        long t0 = System.nanoTime();
        c.send(password + "\r\n");
        c.awaitCount("Login incorrect", n, WAIT);
        long took = System.nanoTime() - t0;
        assertFalse(c.text().substring(after).contains(password), "the password was echoed");
        return took;
    }

    @Test
    void rightPasswordOpensTheShellWithTheEchoOff() throws Exception {
        try (RawClient c = new RawClient("127.0.0.1", at)) {
            c.await("login: ", 0, WAIT);
            c.send("admin\r\n");
            c.await("Password: ", 0, WAIT);
            int after = c.text().length();
            c.send("s3cret\r\n");
            c.await("> ", after, WAIT);
            assertFalse(c.text().substring(after).contains("s3cret"));
            byte[] b = c.bytes();
            assertTrue(contains(b, new byte[] {(byte) 255, (byte) 251, 1}), "the server offers WILL ECHO");
            c.send("help\r\n");
            c.await("list the commands", after, WAIT);
        }
    }

    @Test
    void aGuessingClientIsSlowedThenLockedOutAndOthersAreNot() throws Exception {
        try (RawClient guesser = new RawClient("127.0.0.1", at)) {
            long first = guess(guesser, 1, "guess1");
            long second = guess(guesser, 2, "guess2");
            // The guard's delay grows with each failure: at least 1x, then 2x the base delay.
            assertTrue(first >= DELAY.toNanos(), "first failure answered after " + first / 1_000_000 + " ms");
            assertTrue(second >= 2 * DELAY.toNanos(), "second failure answered after " + second / 1_000_000 + " ms");
            guess(guesser, 3, "guess3");
            guesser.await("Too many failed logins", 0, WAIT);
            guesser.awaitClose(WAIT);
        }
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("locked out")
            && e.getFormattedMessage().contains("127.0.0.1")), "a lock-out log line");

        // A new connection from the locked address is refused at once, with no prompt.
        try (RawClient again = new RawClient("127.0.0.1", at)) {
            again.awaitClose(WAIT);
            assertTrue(again.text().contains("Too many failed logins"), again.text());
            assertFalse(again.text().contains("login:"), again.text());
        }

        // Another address logs in as usual.
        try (RawClient other = new RawClient("127.0.0.2", at)) {
            other.await("login: ", 0, WAIT);
            other.send("admin\r\n");
            other.await("Password: ", 0, WAIT);
            other.send("s3cret\r\n");
            other.await("> ", other.text().indexOf("Password: "), WAIT);
            other.send("help\r\n");
            other.await("close the console", 0, WAIT);
        }
    }

    @Test
    void unknownUsersAndWrongPasswordsReadTheSame() throws Exception {
        try (RawClient c = new RawClient("127.0.0.3", at)) {
            c.await("login: ", 0, WAIT);
            c.send("nobody\r\n");
            c.await("Password: ", 0, WAIT);
            c.send("x\r\n");
            String t = c.await("Login incorrect", 0, WAIT);
            assertEquals(1, count(t, "Login incorrect"));
        }
    }

    @Test
    void aLoginResetsTheAddressCount() {
        LoginGuard g = new LoginGuard(2, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO, System::nanoTime);
        g.failed("10.0.0.1");
        g.succeeded("10.0.0.1");
        g.failed("10.0.0.1");
        assertFalse(g.isLocked("10.0.0.1"));
        g.failed("10.0.0.1");
        assertTrue(g.isLocked("10.0.0.1"));
        assertFalse(g.isLocked("10.0.0.2"));
    }

    @Test
    void aLockOutEnds() {
        long[] now = {0};
        LoginGuard g = new LoginGuard(1, Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ZERO, () -> now[0]);
        g.failed("a");
        assertTrue(g.isLocked("a"));
        now[0] += Duration.ofSeconds(31).toNanos();
        assertFalse(g.isLocked("a"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static boolean contains(byte[] b, byte[] seq) {
        outer:
        for (int i = 0; i + seq.length <= b.length; i++) {
            for (int j = 0; j < seq.length; j++) {
                if (b[i + j] != seq[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
