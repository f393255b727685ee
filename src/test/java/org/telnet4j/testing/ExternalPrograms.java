package org.telnet4j.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;

/**
 * Finds programs that interoperability tests drive (telnet, expect, busybox). Missing outside CI:
 * the test is skipped with the reason. Missing in CI ({@code CI=true}, where {@code .ci/run}
 * installs them): the test fails, so a broken install step cannot hide behind skips.
 */
public final class ExternalPrograms {
    private ExternalPrograms() {
    }

    /** The program's path; skips or fails the calling test if it is not on the PATH. */
    public static String require(String program, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, program);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        String why = program + " is not installed (Debian package " + debianPackage + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(why + ", but CI must run this test: .ci/run installs it");
        }
        assumeTrue(false, why + "; skipping");
        return null;
    }
}
