package org.telnet4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What the interoperability matrix prints for README's "Tested with" table: each peer's version
 * and its time to first prompt, one line each with a prefix a person (or grep) finds in the log.
 * Times are printed, never asserted.
 */
public final class PeerReport {
    private PeerReport() {
    }

    /** The installed version of a Debian package, or "unknown". */
    public static String debianVersion(String pkg) {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", pkg).redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !v.isEmpty() ? v : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Prints {@code time-to-first-prompt <peer> <ms> ms (<package> <version>)}. */
    public static void timeToFirstPrompt(String peer, String pkg, long startNanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        System.out.println("time-to-first-prompt " + peer + " " + ms + " ms (" + pkg + " "
            + debianVersion(pkg) + ")");
    }
}
