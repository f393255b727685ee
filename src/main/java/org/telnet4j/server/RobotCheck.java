package org.telnet4j.server;

import java.nio.charset.Charset;
import java.time.Duration;

/**
 * The robot check, without I/O: asks the client's terminal where its cursor is (ECMA-48 Device
 * Status Report, {@code ESC [ 6 n}; the answer is a Cursor Position Report, {@code ESC [ row ; col
 * R}) before and after printing one wide character. A real terminal moves its cursor two columns
 * for a wide (East Asian Wide, UAX #11) character, so answers that differ by exactly two columns
 * pass. A client that does not answer, or answers otherwise (a bot with a canned reply, a terminal
 * in a charset without the character), is asked a short sum instead; a person answers it, a naive
 * bot does not. No answer in time, or a wrong one, fails.
 *
 * <p>Feed it the client's bytes with {@link #onInput} and call {@link #onTimeout} when its
 * deadline ({@link #deadline()}) passes; each returns what to send, and {@link #outcome()} is set
 * once the check is over. {@link RobotCheckHandler} runs it on a session.
 */
public final class RobotCheck {

    /** How a check ended. */
    public enum Outcome {
        /** The cursor position reports showed a terminal that moved two columns for a wide character. */
        PASSED_BY_TERMINAL,
        /** The terminal test was inconclusive and the client answered the question right. */
        PASSED_BY_QUESTION,
        /** No answer in time, or a wrong one. */
        FAILED;

        /** Lower-case words, for logs and messages ("passed by terminal"). */
        public String words() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** The default time for each step (the terminal's answer, then the question): 5 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The terminal's reports take a round trip; a terminal answers in milliseconds. */
    static final Duration TERMINAL_WAIT = Duration.ofSeconds(2);
    /** Bytes of input held while a report or an answer is incomplete; the rest is dropped. */
    static final int MAX_HELD = 64;
    private static final String WIDE = "\u4e2d"; // 中, East Asian Wide: two columns
    private static final String DSR = "\u001b[6n";

    private enum State { TERMINAL, QUESTION, DONE }

    private final Duration timeout;
    private final boolean echo;
    private final int a;
    private final int b;
    private final String probe;
    private final int expectedColumns;
    private final StringBuilder held = new StringBuilder();
    private final int[] columns = new int[2];
    private int reports;
    private State state = State.TERMINAL;
    private Outcome outcome;
    private String detail = "";

    /**
     * A check for a session in {@code charset}.
     *
     * @param charset the session's charset: when it cannot encode the wide character, a plain
     *                {@code x} (one column) is printed instead
     * @param echo    whether the server echoes (character mode): then the answer to the question
     *                is echoed by us
     * @param timeout time for the question; the terminal's answer gets at most 2 s of it
     * @param a       first number of the sum asked
     * @param b       second number of the sum asked
     */
    public RobotCheck(Charset charset, boolean echo, Duration timeout, int a, int b) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("robot check timeout must be positive");
        }
        this.timeout = timeout;
        this.echo = echo;
        this.a = a;
        this.b = b;
        boolean wide = charset.newEncoder().canEncode(WIDE);
        this.probe = wide ? WIDE : "x";
        this.expectedColumns = wide ? 2 : 1;
    }

    /**
     * The text that starts the check: a position report request, the character, another request,
     * then back to the start of the line, erased (so nothing is left for the shell's screen).
     */
    public String start() {
        return "\r" + DSR + probe + DSR + "\r\u001b[K";
    }

    /** How long to wait for the client before calling {@link #onTimeout}, from now. */
    public Duration deadline() {
        return state == State.TERMINAL ? (timeout.compareTo(TERMINAL_WAIT) < 0 ? timeout : TERMINAL_WAIT) : timeout;
    }

    /** True once the question has been asked and until the check is over. */
    public boolean isAsking() {
        return state == State.QUESTION;
    }

    /** The outcome, or null while the check is under way. */
    public Outcome outcome() {
        return outcome;
    }

    /** What decided the outcome, for the log ("cursor moved 2 columns", "answered 7", ...). */
    public String detail() {
        return detail;
    }

    /** The sum asked, for a test that plays a person. */
    public int expectedAnswer() {
        return a + b;
    }

    /**
     * Takes the client's bytes (telnet commands already removed) and returns the text to send:
     * the question, an echo of the answer, or the closing message. Empty when there is nothing to send.
     */
    public String onInput(byte[] buf, int off, int len) {
        StringBuilder out = new StringBuilder();
        for (int i = off; i < off + len && state != State.DONE; i++) {
            char c = (char) (buf[i] & 0xff);
            if (state == State.TERMINAL) {
                terminalByte(c, out);
            } else {
                questionByte(c, out);
            }
        }
        return out.toString();
    }

    /** The deadline passed: the question if the terminal did not answer, else a failure. */
    public String onTimeout() {
        if (state == State.TERMINAL) {
            detail = reports == 0 ? "no cursor position report" : "one cursor position report of two";
            return ask();
        }
        if (state == State.QUESTION) {
            fail("no answer within " + seconds());
            return "\r\nRobot check failed: no answer within " + seconds() + ". Goodbye.\r\n";
        }
        return "";
    }

    // ---- the terminal step ------------------------------------------------------------------------

    private void terminalByte(char c, StringBuilder out) {
        if (held.length() == 0 && c != 0x1b) {
            return; // typing or noise before the reports: ignored
        }
        held.append(c);
        if (held.length() > 16) { // longer than any report: not one
            held.setLength(0);
            return;
        }
        int col = report(held);
        if (col == -2) {
            held.setLength(0);
        } else if (col >= 0) {
            held.setLength(0);
            columns[reports++] = col;
            if (reports == 2) {
                int moved = columns[1] - columns[0];
                if (moved == expectedColumns) {
                    detail = "cursor moved " + moved + " column" + (moved == 1 ? "" : "s");
                    outcome = Outcome.PASSED_BY_TERMINAL;
                    state = State.DONE;
                } else {
                    detail = "cursor moved " + moved + " columns, not " + expectedColumns;
                    out.append(ask());
                }
            }
        }
    }

    /**
     * The column of a complete report {@code ESC [ row ; col R} in {@code s}; -1 while it may
     * still become one, -2 when it cannot.
     */
    static int report(CharSequence s) {
        int n = s.length();
        if (n >= 1 && s.charAt(0) != 0x1b || n >= 2 && s.charAt(1) != '[') {
            return -2;
        }
        int i = 2;
        int semicolons = 0;
        int col = 0;
        boolean digits = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
                if (semicolons == 1) {
                    col = col * 10 + (c - '0');
                }
            } else if (c == ';' && semicolons == 0 && digits) {
                semicolons = 1;
                digits = false;
            } else if (c == 'R' && semicolons == 1 && digits) {
                return col;
            } else {
                return -2;
            }
        }
        return -1;
    }

    // ---- the question step ------------------------------------------------------------------------

    private String ask() {
        state = State.QUESTION;
        held.setLength(0);
        return "\r\nRobot check: how much is " + a + " plus " + b + "? ";
    }

    private void questionByte(char c, StringBuilder out) {
        if (c == '\r' || c == '\n') {
            if (held.length() == 0) {
                return; // the LF of a CR LF, or an empty line: still waiting
            }
            String answer = stripReports(held.toString()).trim();
            if (echo) {
                out.append("\r\n");
            }
            if (answer.equals(Integer.toString(a + b))) {
                detail = detail + "; answered the question";
                outcome = Outcome.PASSED_BY_QUESTION;
                state = State.DONE;
            } else {
                fail("wrong answer to the question");
                out.append(echo ? "" : "\r\n").append("Robot check failed: that is not the answer. Goodbye.\r\n");
            }
            return;
        }
        if ((c == 0x7f || c == 0x08) && held.length() > 0) {
            held.setLength(held.length() - 1);
            if (echo) {
                out.append("\b \b");
            }
            return;
        }
        if (held.length() < MAX_HELD) {
            held.append(c);
            if (echo && c >= 0x20 && c < 0x7f) {
                out.append(c);
            }
        }
    }

    /** The answer without any cursor position report a line-buffered terminal sent late. */
    private static String stripReports(String s) {
        return s.replaceAll("\u001b\\[[0-9]+;[0-9]+R", "");
    }

    private void fail(String why) {
        detail = (detail.isEmpty() ? "" : detail + "; ") + why;
        outcome = Outcome.FAILED;
        state = State.DONE;
    }

    private String seconds() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }
}
