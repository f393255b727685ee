package org.telnet4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --typescript FILE}: everything received, as decoded text (UTF-8), appended to a file
 * between a start and an end line, like script(1). Written on the event-loop thread and flushed
 * after each chunk, so the file is current while the session runs.
 */
final class Typescript implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Typescript.class);

    private final Path path;
    private Writer out;

    private Typescript(Path path, Writer out) {
        this.path = path;
        this.out = out;
    }

    /** Opens {@code path} for appending and writes the start line. */
    static Typescript open(Path path, String target) throws IOException {
        return open(path, target, true);
    }

    /**
     * Opens {@code path} and writes the start line: after what the file holds if {@code append},
     * else in place of it ({@code --typescript-mode rewrite}).
     */
    static Typescript open(Path path, String target, boolean append) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Writer w = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE));
        Typescript t = new Typescript(path, w);
        t.line("Script started on " + now() + " [telnet4j-client " + target + "]");
        return t;
    }

    private static String now() {
        return ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
    }

    /** Appends received text. */
    synchronized void text(String text) {
        if (out == null) {
            return;
        }
        try {
            out.write(text);
            out.flush();
        } catch (IOException e) {
            LOG.warn("typescript {}: {}; no longer recording", path, e.toString());
            closeQuietly();
        }
    }

    private void line(String s) throws IOException {
        out.write(s);
        out.write('\n');
        out.flush();
    }

    /** Writes the end line and closes; idempotent. */
    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            out.write('\n');
            line("Script done on " + now());
        } catch (IOException e) {
            LOG.warn("typescript {}: {}", path, e.toString());
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing more to record
        }
        out = null;
    }
}
