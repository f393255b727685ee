package org.telnet4j.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds programs that interoperability tests drive (telnet, expect, busybox, telnetd, socat).
 * Missing outside CI: the test is skipped with the reason. Missing in CI ({@code CI=true}, where {@code .ci/run}
 * installs them): the test fails, so a broken install step cannot hide behind skips.
 */
public final class ExternalPrograms {
    private ExternalPrograms() {
    }

    /**
     * The program's path; skips or fails the calling test if it is neither on the PATH nor in an
     * sbin directory (daemons such as telnetd live there, and a user's PATH may lack them).
     */
    public static String require(String program, String debianPackage) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>();
        if (path != null) {
            dirs.addAll(Arrays.asList(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/games"));
        for (String dir : dirs) {
            File f = new File(dir, program);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        requireThat(false, program + " is not installed (Debian package " + debianPackage + ")");
        return null;
    }

    /**
     * Skips the calling test (outside CI) or fails it (in CI) unless {@code present}: for a
     * program that is installed but lacks what the test needs, e.g. a busybox without telnetd.
     *
     * @param why what is missing and which package brings it
     */
    public static void requireThat(boolean present, String why) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(why + ", but CI must run this test: .ci/run installs it");
        }
        assumeTrue(false, why + "; skipping");
    }
}
