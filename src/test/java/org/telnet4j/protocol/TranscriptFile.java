package org.telnet4j.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads a golden transcript file from {@code src/test/resources/transcripts}: cases start with
 * {@code === name}, {@code #} starts a comment, and every other line is a directive that the
 * caller's case type interprets. Shared by the engine, option and LINEMODE transcript drivers.
 */
public final class TranscriptFile {
    private TranscriptFile() {
    }

    /**
     * @param newCase makes a case from its name ({@code file:line title})
     * @param directive applies one directive line to the current case; a RuntimeException is
     *     reported with the file and line
     */
    public static <C> List<C> load(String file, Function<String, C> newCase, BiConsumer<C, String> directive)
        throws IOException {
        List<C> cases = new ArrayList<>();
        try (InputStream in = TranscriptFile.class.getResourceAsStream("/transcripts/" + file)) {
            if (in == null) {
                throw new IOException("missing transcript " + file);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            C cur = null;
            int lineNo = 0;
            for (String raw : text.split("\n")) {
                lineNo++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("===")) {
                    cur = newCase.apply(file + ":" + lineNo + " " + line.substring(3).strip());
                    cases.add(cur);
                    continue;
                }
                if (cur == null) {
                    throw new IOException(file + ":" + lineNo + ": directive before the first ===");
                }
                try {
                    directive.accept(cur, line);
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        }
        return cases;
    }

    /**
     * Applies a {@code policy local=ECHO,SGA remote=NAWS} directive's argument to {@code policy}.
     */
    static void policy(String rest, OptionSet.Builder policy) {
        for (String part : rest.split("\\s+")) {
            String[] kv = part.split("=", 2);
            for (String name : kv[1].split(",")) {
                int o = TelnetOption.byName(name);
                if (kv[0].equals("local")) {
                    policy.local(o);
                } else if (kv[0].equals("remote")) {
                    policy.remote(o);
                } else {
                    throw new IllegalArgumentException("policy side " + kv[0]);
                }
            }
        }
    }

    /** A transcript check fed with the input cut at {@code cuts} (offsets; none: whole). */
    @FunctionalInterface
    public interface Check {
        /** Feeds the case's input cut at {@code cuts} and asserts its events and replies. */
        void run(int[] cuts) throws Exception;
    }

    /**
     * The three ways every transcript is fed: whole, byte by byte, and split once at every
     * boundary.
     *
     * @param name the case's name
     * @param length the length of its input
     * @param check what feeds and asserts it
     * @return the case as a container of the three tests
     */
    public static org.junit.jupiter.api.DynamicContainer everySplit(String name, int length, Check check) {
        return org.junit.jupiter.api.DynamicContainer.dynamicContainer(name, java.util.stream.Stream.of(
            org.junit.jupiter.api.DynamicTest.dynamicTest("whole", () -> check.run(new int[0])),
            org.junit.jupiter.api.DynamicTest.dynamicTest("byte by byte", () -> {
                int[] cuts = new int[Math.max(0, length - 1)];
                java.util.Arrays.setAll(cuts, k -> k + 1);
                check.run(cuts);
            }),
            org.junit.jupiter.api.DynamicTest.dynamicTest("split at every boundary", () -> {
                for (int k = 1; k < length; k++) {
                    check.run(new int[] {k});
                }
            })));
    }
}
