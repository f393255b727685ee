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
}
