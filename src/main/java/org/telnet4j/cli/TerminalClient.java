package org.telnet4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.MaskingCallback;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;
import org.jline.widget.AutosuggestionWidgets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.charset.RetroKeys;
import org.telnet4j.charset.RetroScreen;
import org.telnet4j.client.ClientSession;

/**
 * The client on a terminal, in one of two modes that can change while connected.
 *
 * <p>Line mode (the server does not echo): a JLine line editor with history, history-based
 * suggestions (right arrow accepts), and a split screen: the input line is the bottom row of the
 * window (moved there when the editor starts and after a resize), and the server's complete lines
 * are written, exactly as received, above it, where they scroll. The server's unfinished last line
 * (its prompt) is shown as the editor's prompt, played onto one row by {@link PromptLine} (CR,
 * erase-line, colours); its other escape sequences go to the terminal as they are. While the
 * server has ECHO in line mode (a password prompt) typed characters are masked and the line is
 * kept out of the history.
 *
 * <p>Raw mode ({@code --raw-mode}, or when the server echoes): the terminal is raw, every key is
 * sent as typed and server output goes straight to the screen. A server that echoes is in
 * character mode whether or not it suppresses go-ahead: inetutils telnetd's "kludge" line mode
 * keeps {@code WILL ECHO} and turns SGA off while its pty is canonical, and its shell still needs
 * every key (Ctrl-C, a full-screen program). Only echo that the server turns on after it has
 * already talked to us in line mode (text received while it did not echo, SGA off) is a
 * password prompt, which the editor masks.
 *
 * <p>While the session's charset is ATASCII or PETSCII, raw mode speaks as that machine: keys go
 * through {@link RetroKeys} (Enter, Backspace and the arrows become the machine's codes) and
 * output through {@link RetroScreen} (its line ends, cursor moves and erasing become ANSI). The
 * client starts in raw mode with such an {@code --encoding}: the line editor cannot edit as those
 * machines do.
 *
 * <p>Threads: the event loop calls {@link #text} and {@link #optionsChanged}; the editor and the
 * key reader run on the thread that calls {@link #run}, and are woken by interrupting it when the
 * mode must change or the connection ends.
 */
final class TerminalClient {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalClient.class);
    private static final char ESCAPE = '\u001d'; // Ctrl-], as telnet(1)
    private static final int MAX_PROMPT = 400;
    private static final String W_INIT = LineReader.CALLBACK_INIT;
    private static final String W_REFRESH = "telnet4j-refresh";
    private static final String W_QUIT = "telnet4j-quit";

    private final Terminal terminal;
    private final boolean forceRaw;
    private final Path historyFile;
    private final CountDownLatch closed;
    // Lock order: output, then the editor's own lock, then lock. Whoever holds the editor's lock
    // (its widgets) takes only lock; nothing calls the editor while holding lock.
    private final Object output = new Object(); // putting things on screen, and switching modes
    private final Object lock = new Object();
    private final Reader reader;
    private volatile ClientSession session;
    private volatile Thread main;

    // Screen state, guarded by lock; JLine is never called while holding it.
    private String tail = "";          // the server's unfinished line: the prompt
    private int tailControlsShown;     // how much of the tail's terminal controls was written
    private boolean promptDone;        // the tail was ended by GA or EOR: a prompt, not a half line
    private boolean swallowNewline;    // a line was sent while the server echoes: skip its CR LF
    private String rawTail = "";       // unfinished line printed in raw mode
    private char highSurrogate;
    private String pendingRawInput;    // typed in the editor before a switch to raw mode
    private Attributes original;       // the terminal before begin()
    private RetroScreen retroScreen;   // output translation for the last retro charset seen
    private RetroKeys retroKeys;       // the key map for the last retro charset typed in; main thread

    private volatile boolean rawActive;
    private volatile boolean password;
    private volatile boolean characterMode;
    // Event loop thread only: whether text arrived while the server did not echo (the session is
    // in line mode), and whether the server's current echo began after such text (a password).
    private boolean lineModeText;
    private boolean echoAfterLineModeText;
    private volatile boolean quit;
    private volatile boolean disconnected;

    TerminalClient(Terminal terminal, boolean forceRaw, Path historyFile, CountDownLatch closed)
        throws IOException {
        this.terminal = terminal;
        this.forceRaw = forceRaw;
        this.historyFile = historyFile;
        this.closed = closed;
        this.reader = newReader();
    }

    // --ansi-keys and --ascii-eol: how ATASCII and PETSCII keys and screens are translated.
    private volatile boolean ansiKeys;
    private volatile boolean asciiEol;

    /**
     * Sets the retro translations: {@code ansiKeys} sends arrow and function keys as ANSI escape
     * sequences ({@link RetroKeys#ansiKeys}); {@code asciiEol} treats ATASCII 0x0D/0x0A as CR/LF
     * both ways ({@link RetroKeys#asciiEol}, {@link RetroScreen#asciiEol}). Call before {@link #run}.
     */
    void retroOptions(boolean ansiKeys, boolean asciiEol) {
        this.ansiKeys = ansiKeys;
        this.asciiEol = asciiEol;
    }

    /** Prints a line of the client's own (not from the server). */
    void message(String s) {
        synchronized (output) {
            if (!rawActive) {
                reader.writeAbove(s + "\n", false);
            } else {
                PrintWriter w = terminal.writer();
                w.print(s.replace("\n", "\r\n") + "\r\n");
                w.flush();
            }
        }
    }

    // ---- event loop thread ----------------------------------------------------------------

    /** Text from the server on session {@code s}, decoded in its charset. */
    void text(ClientSession s, String text) {
        if (!s.serverEchoes() && !text.isEmpty()) {
            lineModeText = true;
        }
        synchronized (output) {
            show(text, s.charset());
        }
    }

    private void show(String received, Charset charset) {
        String above;
        String controls;
        boolean promptChanged;
        synchronized (lock) {
            String text = received;
            if (RetroScreen.isTranslated(charset)) { // in both modes: the prompt may go raw later
                if (retroScreen == null || !retroScreen.charset().equals(charset)) {
                    retroScreen = RetroScreen.of(charset).asciiEol(asciiEol);
                }
                text = retroScreen.toAnsi(received);
            }
            if (rawActive) { // the editor is not running: the terminal is ours, under the lock
                int nl = text.lastIndexOf('\n');
                rawTail = nl >= 0 ? text.substring(nl + 1) : rawTail + text;
                if (rawTail.length() > MAX_PROMPT) {
                    rawTail = "";
                }
                PrintWriter w = terminal.writer();
                w.write(text);
                w.flush();
                return;
            }
            String t = text;
            if (swallowNewline) {
                swallowNewline = false;
                if (t.startsWith("\r\n")) {
                    t = t.substring(2);
                } else if (t.startsWith("\n")) {
                    t = t.substring(1);
                }
            }
            String all = promptDone ? t : tail + t;
            int nl = all.lastIndexOf('\n');
            above = nl >= 0 ? all.substring(0, nl + 1) : "";
            String rest = nl >= 0 ? all.substring(nl + 1) : all;
            if (rest.length() > MAX_PROMPT) { // not a prompt: a long line still coming
                above += rest + "\n";
                rest = "";
            }
            String before = tail;
            if (!promptDone || !rest.isEmpty()) {
                if (!above.isEmpty() || promptDone) {
                    tailControlsShown = 0; // a new line: its controls are new
                }
                tail = rest;
                promptDone = false;
            }
            promptChanged = !tail.equals(before);
            // Modes and the like in the prompt go to the terminal once, as they arrive; the
            // editor draws the rest of it. (Complete lines above carry theirs with them.)
            String sent = PromptLine.of(tail).controls;
            controls = sent.length() > tailControlsShown ? sent.substring(tailControlsShown) : "";
            tailControlsShown = sent.length();
        }
        if (!above.isEmpty() || !controls.isEmpty() || (promptChanged && !reader.pinned)) {
            reader.writeAbove(above + controls, true); // a prompt alone pins the input line too
        }
        if (promptChanged) {
            refresh();
        }
    }

    /** GA or EOR: the server's unfinished line is a prompt. */
    void promptMark() {
        synchronized (lock) {
            if (!tail.isEmpty()) {
                promptDone = true;
            }
        }
    }

    /** Options changed: maybe a password prompt, maybe a change of mode. */
    void optionsChanged(ClientSession s) {
        session = s;
        boolean wasCharacter = characterMode;
        boolean echoes = s.serverEchoes();
        if (!echoes) {
            echoAfterLineModeText = false;
        } else if (!password && !characterMode) { // echo just began: after line-mode text or not
            echoAfterLineModeText = lineModeText;
        }
        characterMode = echoes && (s.isCharacterMode() || !echoAfterLineModeText);
        password = echoes && !characterMode;
        if (wasCharacter != characterMode && !forceRaw) {
            wake();
        } else {
            refresh();
        }
    }

    /** The connection ended. */
    void disconnected() {
        disconnected = true;
        wake();
    }

    /** Interrupts the line editor so that {@link #run} looks at the state again. */
    private void wake() {
        Thread t = main;
        if (t != null && !rawActive) {
            // The interrupted editor erases its line instead of leaving it above: raw mode (or
            // the goodbye) prints the server's unfinished line itself.
            reader.option(LineReader.Option.ERASE_LINE_ON_FINISH, true);
            t.interrupt();
        }
    }

    /** Re-reads prompt and masking into the editor if it is reading. */
    private void refresh() {
        Reader r = reader;
        if (r == null || rawActive) {
            return;
        }
        try {
            r.callWidget(W_REFRESH);
        } catch (IllegalStateException notReading) {
            // the next readLine picks the state up in its init callback
        }
    }

    // ---- main thread ----------------------------------------------------------------------

    /**
     * Takes the terminal: no echo and no line buffering from now on (keys typed while connecting
     * wait for the editor or raw mode instead of being echoed), Ctrl-C only for the editor.
     */
    void begin() {
        original = terminal.enterRawMode();
        terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_IGN);
        terminal.handle(Terminal.Signal.WINCH, sig -> sendWindowSize());
    }

    /** Gives the terminal back as it was before {@link #begin}. */
    void end() {
        if (original != null) {
            terminal.setAttributes(original);
            original = null;
        }
    }

    /** Runs until the connection ends or the user quits; returns the exit status. */
    int run(ClientSession s) throws IOException, InterruptedException {
        session = s;
        main = Thread.currentThread();
        characterMode = s.isCharacterMode() || (s.serverEchoes() && !password);
        try {
            while (!quit && !disconnected) {
                Thread.interrupted(); // a stale wake-up; the state is read below
                if (forceRaw || characterMode) {
                    runRaw();
                } else {
                    readOneLine();
                }
            }
        } finally {
            main = null;
            Thread.interrupted(); // a wake-up that came too late to matter
        }
        String last;
        synchronized (lock) {
            // after a disconnect the editor erased its line; after a quit it is still on screen
            last = disconnected ? tail : "";
            tail = "";
        }
        if (!last.isEmpty()) {
            message(last);
        }
        if (disconnected) {
            message("Connection closed by foreign host.");
        } else {
            s.close();
            closed.await(3, TimeUnit.SECONDS);
            message("Connection closed.");
        }
        if (historyFile != null) {
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                LOG.warn("saving history to {}: {}", historyFile, e.toString());
            }
        }
        return 0;
    }

    private void readOneLine() {
        String line;
        try {
            line = reader.readLine(null, null, masking, null);
        } catch (UserInterruptException e) {
            if (!quit && !disconnected && (forceRaw || characterMode)) {
                String partial = e.getPartialLine();
                if (partial != null && !partial.isEmpty()) {
                    pendingRawInput = partial; // typed before the switch: send as typed
                }
            }
            return; // a mode change, the end of the connection, or Ctrl-C (drops the line)
        } catch (EndOfFileException e) {
            quit = true; // Ctrl-D on an empty line
            return;
        } catch (java.io.IOError | java.io.UncheckedIOException e) {
            // The wake-up came while the editor was setting the terminal's modes (the exec
            // provider runs stty, and an interrupt stops it): a mode change like any other.
            if (!interruptedIo(e)) {
                throw e;
            }
            LOG.debug("editor interrupted while setting the terminal: {}", e.toString());
            return;
        } finally {
            reader.option(LineReader.Option.ERASE_LINE_ON_FINISH, false);
        }
        if (quit) {
            return;
        }
        synchronized (lock) {
            tail = "";
            tailControlsShown = 0;
            promptDone = false;
            swallowNewline = password;
        }
        session.send(line + "\n");
    }

    private static boolean interruptedIo(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.io.InterruptedIOException || c instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private void runRaw() throws IOException {
        synchronized (output) {
            synchronized (lock) {
                String shown = tail; // the editor's prompt, erased when it stopped: print it again
                tail = "";
                tailControlsShown = 0;
                promptDone = false;
                rawTail = shown;
                rawActive = true;
                if (!shown.isEmpty()) {
                    terminal.writer().write(shown);
                    terminal.flush();
                }
            }
        }
        Attributes saved = terminal.enterRawMode();
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // Ctrl-C, Ctrl-Z go to the server
        raw.setInputFlag(Attributes.InputFlag.IXON, false);
        terminal.setAttributes(raw);
        try {
            if (pendingRawInput != null) {
                sendKeys(pendingRawInput);
                pendingRawInput = null;
            }
            NonBlockingReader in = terminal.reader();
            char[] buf = new char[4096];
            while (!quit && !disconnected && (forceRaw || characterMode)) {
                int n = in.readBuffered(buf, 100);
                if (n == NonBlockingReader.READ_EXPIRED) {
                    flushKeys(); // a lone Esc, now that nothing followed it
                    continue;
                }
                if (n < 0) {
                    quit = true;
                    break;
                }
                String keys = new String(buf, 0, n);
                int esc = keys.indexOf(ESCAPE);
                if (esc >= 0) {
                    sendKeys(keys.substring(0, esc));
                    quit = true;
                    break;
                }
                sendKeys(keys);
            }
        } finally {
            terminal.setAttributes(saved);
            synchronized (output) {
                synchronized (lock) {
                    rawActive = false;
                    String left = quit || disconnected ? "" : rawTail;
                    rawTail = "";
                    tail = left;
                    if (!left.isEmpty()) {
                        terminal.writer().write("\r\033[K"); // the editor draws it again as its prompt
                        terminal.flush();
                    }
                }
            }
        }
    }

    /**
     * Sends keys as typed, encoded in the session's charset (a surrogate pair is never split);
     * in ATASCII and PETSCII as that machine's keyboard sends them.
     */
    private void sendKeys(String keys) {
        if (keys.isEmpty()) {
            return;
        }
        Charset cs = session.charset();
        if (RetroKeys.isMapped(cs)) {
            if (retroKeys == null || !retroKeys.charset().equals(cs)) {
                retroKeys = RetroKeys.of(cs).ansiKeys(ansiKeys).asciiEol(asciiEol);
            }
            byte[] b = retroKeys.type(keys);
            if (b.length > 0) {
                session.sendBytes(b);
            }
            return;
        }
        String s = keys;
        if (highSurrogate != 0) {
            s = highSurrogate + s;
            highSurrogate = 0;
        }
        if (Character.isHighSurrogate(s.charAt(s.length() - 1))) {
            highSurrogate = s.charAt(s.length() - 1);
            s = s.substring(0, s.length() - 1);
        }
        if (!s.isEmpty()) {
            session.sendBytes(s.getBytes(session.charset()));
        }
    }

    /** Sends what the key map held back waiting for more input (a lone Esc). */
    private void flushKeys() {
        RetroKeys k = retroKeys;
        if (k != null && k.hasPending()) {
            byte[] b = k.flush();
            if (b.length > 0 && RetroKeys.isMapped(session.charset())) {
                session.sendBytes(b);
            }
        }
    }

    private void sendWindowSize() {
        ClientSession s = session;
        if (s != null) {
            s.setWindowSize(terminal.getWidth(), terminal.getHeight());
        }
    }

    // ---- the line editor ------------------------------------------------------------------

    /** Masks typed characters while the server echoes in line mode, and keeps them from the history. */
    private final MaskingCallback masking = new MaskingCallback() {
        @Override
        public String display(String line) {
            return password ? "*".repeat(line.codePointCount(0, line.length())) : line;
        }

        @Override
        public String history(String line) {
            return password ? null : line;
        }
    };

    private Reader newReader() throws IOException {
        Reader r = new Reader(terminal);
        DefaultParser parser = new DefaultParser(); // lines go to the server as typed:
        parser.setQuoteChars(new char[0]);          // no quoting,
        parser.setEscapeChars(new char[0]);         // no escapes,
        parser.setEofOnUnclosedQuote(false);        // never a continuation line
        parser.setEofOnEscapedNewLine(false);
        parser.setEofOnUnclosedBracket();
        r.setParser(parser);
        r.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true); // '!' is text, not history
        r.option(LineReader.Option.INSERT_TAB, true);
        r.option(LineReader.Option.AUTO_FRESH_LINE, false);
        r.option(LineReader.Option.ERASE_LINE_ON_FINISH, false); // set only to stop for a mode change
        if (historyFile != null) {
            Path dir = historyFile.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            r.setVariable(LineReader.HISTORY_FILE, historyFile);
        }
        r.getWidgets().put(W_INIT, () -> {
            applyState(r);
            if (r.pinned) {
                r.pinToBottom(); // before the editor first draws: its line is the window's last row
            }
            return true;
        });
        r.getWidgets().put(W_REFRESH, () -> {
            applyState(r);
            r.redisplay();
            return true;
        });
        r.getWidgets().put(W_QUIT, () -> {
            quit = true;
            r.getBuffer().clear();
            r.callWidget(LineReader.ACCEPT_LINE);
            return true;
        });
        for (String map : new String[] {LineReader.EMACS, LineReader.VIINS, LineReader.VICMD}) {
            KeyMap<Binding> km = r.getKeyMaps().get(map);
            if (km == null) {
                continue;
            }
            km.bind(new Reference(W_QUIT), String.valueOf(ESCAPE));
            // The editor binds the arrows the terminal sends in keypad mode, which it switches on
            // when it starts reading; keys typed just before that come in cursor mode: bind both.
            for (String[] k : new String[][] {{"A", LineReader.UP_LINE_OR_SEARCH},
                    {"B", LineReader.DOWN_LINE_OR_SEARCH}, {"C", LineReader.FORWARD_CHAR},
                    {"D", LineReader.BACKWARD_CHAR}, {"H", LineReader.BEGINNING_OF_LINE},
                    {"F", LineReader.END_OF_LINE}}) {
                if (!map.equals(LineReader.VICMD)) {
                    km.bind(new Reference(k[1]), "\033[" + k[0], "\033O" + k[0]);
                }
            }
        }
        new AutosuggestionWidgets(r).enable();
        return r;
    }

    /** Under the editor's lock: the prompt and whether input is masked. */
    private void applyState(Reader r) {
        String p;
        synchronized (lock) {
            p = tail;
        }
        r.setPrompt(promptPattern(p));
        if (password) {
            r.setAutosuggestion(LineReader.SuggestionType.NONE);
            r.setTailTip("");
        } else {
            r.setAutosuggestion(LineReader.SuggestionType.HISTORY);
        }
    }

    /** The server's unfinished line as a JLine prompt: played onto one row, '%' escaped. */
    static String promptPattern(String text) {
        return PromptLine.of(text).prompt.replace("%", "%%");
    }

    /** The line editor; it also reports window size changes that arrive while it reads. */
    private final class Reader extends LineReaderImpl {
        Reader(Terminal t) {
            super(t, "telnet4j", new HashMap<>());
        }

        @Override
        protected synchronized void handleSignal(Terminal.Signal signal) {
            if (signal == Terminal.Signal.WINCH) {
                sendWindowSize(); // first: the server's size must not depend on the redraw
            }
            super.handleSignal(signal);
            if (signal == Terminal.Signal.WINCH) {
                writeAbove("", false); // a taller window has a new last row: the input line goes there
            }
        }

        /**
         * Set by the first server text shown in line mode: from then on the input line is the
         * window's last row. (A character-mode server sends its text after the switch to raw
         * mode, and its session starts at the top of the window, as in telnet(1).)
         */
        volatile boolean pinned;

        /**
         * Writes {@code raw} to the terminal as it is, above the input line: the editor's line is
         * erased, and once {@link #pinned} (which {@code fromServer} sets) the text is written
         * from the window's last row, so that it scrolls up from there, and the cursor goes back
         * to that row after it: text that moves the cursor (a clear screen) cannot strand the
         * input line. Then the editor draws its line again.
         */
        void writeAbove(String raw, boolean fromServer) {
            lock.lock();
            try {
                if (fromServer) {
                    pinned = true;
                }
                boolean drawn = reading;
                if (drawn) {
                    display.update(java.util.Collections.emptyList(), 0);
                }
                if (pinned) {
                    pinToBottom();
                }
                terminal.writer().write(raw);
                if (pinned) {
                    pinToBottom();
                }
                if (drawn) {
                    redisplay(false);
                }
                terminal.flush();
            } finally {
                lock.unlock();
            }
        }

        /** Moves the cursor to the start of the window's last row (where the editor draws). */
        void pinToBottom() {
            int rows = terminal.getHeight();
            if (rows > 0) {
                terminal.writer().write("\r\u001b[" + rows + ";1H");
            }
        }
    }
}
