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

    /**
     * @param level trace, debug, info, warn or error; trace also hex-dumps all traffic
     * @param file a log file, or null for stderr
     */
    static void configure(String level, String file) {
        Level lvl = parse(level);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        enc.start();
        OutputStreamAppender<ILoggingEvent> app;
        if (file != null && !file.isEmpty()) {
            FileAppender<ILoggingEvent> f = new FileAppender<>();
            f.setFile(file);
            f.setAppend(true);
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
