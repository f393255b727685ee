package org.telnet4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets up logback for the command-line tools: one level, to stderr or to a file. */
final class Logging {
    private Logging() {
    }

    /** The line format when {@code --logfmt} is not given: time, level, logger, message. */
    static final String DEFAULT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    /**
     * @param level trace, debug, info, warn or error; trace also hex-dumps all traffic
     * @param file a log file, or null for stderr
     */
    static void configure(String level, String file) {
        configure(level, file, null, true);
    }

    /**
     * @param level trace, debug, info, warn or error; trace also hex-dumps all traffic
     * @param file a log file, or null for stderr
     * @param format {@code --logfmt}: a Python logging format as telnetlib3 takes
     *     ({@code %(levelname)s %(message)s}) or a logback pattern; null for the default
     * @param append false ({@code --logfile-mode rewrite}): empty the log file first
     */
    static void configure(String level, String file, String format, boolean append) {
        Level lvl = parse(level);
        String pattern = format == null ? DEFAULT_PATTERN : LogFormat.toLogback(format);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(pattern);
        long since = System.currentTimeMillis();
        enc.start();
        for (ch.qos.logback.core.status.Status st : ctx.getStatusManager().getCopyOfStatusList()) {
            if (st.getLevel() == ch.qos.logback.core.status.Status.ERROR && st.getTimestamp() >= since) {
                throw new IllegalArgumentException("--logfmt: not a log format: " + st.getMessage());
            }
        }
        OutputStreamAppender<ILoggingEvent> app;
        if (file != null && !file.isEmpty()) {
            FileAppender<ILoggingEvent> f = new FileAppender<>();
            f.setFile(file);
            f.setAppend(append);
            app = f;
        } else {
            ConsoleAppender<ILoggingEvent> c = new ConsoleAppender<>();
            c.setTarget("System.err");
            app = c;
        }
        app.setContext(ctx);
        app.setEncoder(enc);
        app.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(lvl);
        root.addAppender(app);
    }

    private static Level parse(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        switch (l) {
            case "trace": return Level.TRACE;
            case "debug": return Level.DEBUG;
            case "info": return Level.INFO;
            case "warn": case "warning": return Level.WARN;
            case "error": return Level.ERROR;
            default:
                throw new IllegalArgumentException("unknown log level '" + level
                    + "': use trace, debug, info, warn or error");
        }
    }
}
