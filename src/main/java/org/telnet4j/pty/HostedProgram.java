package org.telnet4j.pty;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import com.pty4j.unix.PtyHelpers;
import com.pty4j.unix.UnixPtyProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jtermios.JTermios;
import jtermios.Termios;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.server.Session;

/**
 * One program running in a pseudo-terminal for one session: the only class that touches pty4j,
 * so nothing of pty4j loads until a program starts.
 *
 * <p>Threads and invariants. The output reader is one platform thread per program (see Threads):
 * it reads the PTY into chunks of at most {@link #chunkSize} bytes and puts them into
 * {@link #output}, a queue of {@link #CHUNKS} chunks; when the queue is full it waits, so the
 * PTY is not read and the program blocks in its writes (back-pressure). The loop thread takes
 * chunks only while the connection has fewer than {@link #highWater} bytes queued, and otherwise
 * waits for the connection to drain ({@link Connection#whenOutputBelow}); so what one program
 * holds is bounded by {@code CHUNKS * chunkSize} here plus {@code highWater + 2 * chunkSize}
 * in the connection, below its cap. Input goes the other way through {@link #pending}, written
 * to the PTY by a task on {@link #WRITERS}, never by the loop thread (a program that does not
 * read its input would block the write); past {@link #MAX_PENDING_INPUT} bytes the client's
 * socket stops being read until the program catches up.
 */
final class HostedProgram {
    private static final Logger LOG = LoggerFactory.getLogger(PtyShell.class);
    /** Chunks of output between the reader and the loop. */
    static final int CHUNKS = 8;
    /** Largest chunk read from the PTY. */
    static final int MAX_CHUNK = 32 * 1024;
    /** Input held for a program that is not reading before the client's socket is paused. */
    static final int MAX_PENDING_INPUT = 64 * 1024;
    private static final byte[] END = new byte[0];
    private static final ExecutorService WRITERS = Threads.executor("telnet4j-pty-input");
    // c_cc indices on Linux, <asm-generic/termbits.h>, in InputTranslator.Key order.
    private static final int[] CC_INDEX = {0, 1, 2, 3, 4, 10};

    private final Session session;
    private final Connection connection;
    private final EventLoop loop;
    private final PtyProcess process;
    private final long pid;
    private final String name;
    private final InputStream fromPty;
    private final OutputStream toPty;
    private final Duration grace;
    private final Runnable onFinished;
    private final int chunkSize;
    private final int highWater;
    private final ArrayBlockingQueue<byte[]> output = new ArrayBlockingQueue<>(CHUNKS);
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean hangingUp = new AtomicBoolean();
    private final InputTranslator translator = new InputTranslator();
    private volatile boolean clientGone;
    /** Loop thread: the session is closing because the program ended. */
    private boolean ended;
    /** Loop thread: translated input, reused. */
    private byte[] translated = new byte[256];

    private final Object inputLock = new Object();
    /** Input not yet written to the PTY; guarded by inputLock. */
    private byte[] pending = new byte[256];
    private int pendingLen;
    private boolean writerRunning;
    /** The client's socket is paused for input; set on the loop, cleared through it. */
    private volatile boolean inputPaused;
    /** Line mode: the terminal's echo must be off whenever input reaches it (see writeInput). */
    private volatile boolean echoOff;
    /** Longest a CR that ends an output chunk waits for a LF in the next one. */
    static final long CR_HOLD_MILLIS = 20;
    private static final byte[] CR_LF = {'\r', '\n'};
    /** Loop thread: a CR that ended the last chunk, not yet sent (see send). */
    private boolean heldCr;
    private org.telnet4j.loop.Timer crTimer;
    /** Reads the terminal (null where there is no master descriptor); closed by its reader. */
    private final TerminalReader reader;

    private HostedProgram(Session session, PtyProcess process, String name, Duration grace,
                          Runnable onFinished) throws IOException {
        this.session = session;
        this.connection = session.connection();
        this.loop = connection.loop();
        this.process = process;
        this.pid = process.pid();
        this.name = name;
        this.fromPty = process.getInputStream();
        this.toPty = process.getOutputStream();
        this.grace = grace;
        this.onFinished = onFinished;
        int cap = connection.outputCap();
        this.chunkSize = Math.max(1, Math.min(MAX_CHUNK, cap / 8));
        this.highWater = Math.max(1, Math.min(4 * MAX_CHUNK, cap / 4));
        int fd = masterFd();
        this.reader = fd >= 0 ? new TerminalReader(fd, chunkSize) : null;
    }

    /**
     * Starts {@code command} in a new PTY of {@code size}. Loop thread.
     *
     * @param cooked keep the terminal's canonical editing, without its echo (the client echoes)
     * @throws IOException if the program cannot be started
     */
    static HostedProgram start(Session session, List<String> command, Map<String, String> env,
                               String directory, WindowSize size, boolean cooked, Duration grace,
                               Runnable onFinished) throws IOException {
        PtyProcess p = new PtyProcessBuilder(command.toArray(new String[0]))
            .setEnvironment(env)
            .setDirectory(directory)
            .setInitialColumns(size.columns)
            .setInitialRows(size.rows)
            .setConsole(false)
            .start();
        HostedProgram h;
        try {
            h = new HostedProgram(session, p, command.get(0), grace, onFinished);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        h.resize(size); // pty4j sets its initial size after the fork: make sure it holds
        if (cooked) {
            h.echoOff = true;
            h.setEcho(false);
        }
        LOG.info("{} started {} (pid {}) in a {} pseudo-terminal, TERM={}", session.addrport(),
            String.join(" ", command), h.pid, size, env.get("TERM"));
        Threads.start("telnet4j-pty-" + h.pid, h::readLoop);
        return h;
    }

    long pid() {
        return pid;
    }

    // ------------------------------------------------------------ output: PTY -> client

    private void readLoop() {
        TerminalReader in = reader;
        long leaderGoneAt = 0;
        try {
            while (in != null) {
                // Wait for output a second at a time, to notice a program that exited while a
                // process it left behind (a background job) keeps the terminal open: after the
                // grace period the session ends as if the terminal had closed.
                int ready = in.await(1000);
                if (ready == TerminalReader.WOKEN) {
                    break; // the client left and the program was hung up
                }
                if (ready == TerminalReader.TIMEOUT) {
                    if (clientGone && !hangingUp.get()) {
                        break; // the client left after the program ended: no hang-up will wake us
                    }
                    if (process.isAlive() || clientGone) {
                        continue;
                    }
                    long now = System.nanoTime();
                    if (leaderGoneAt == 0) {
                        leaderGoneAt = now;
                    } else if (now - leaderGoneAt > grace.toNanos()) {
                        LOG.info("{} {} (pid {}) exited but its terminal is still open: ending the rest",
                            session.addrport(), name, pid);
                        break;
                    }
                    continue;
                }
                byte[] chunk = in.read();
                if (chunk == null) {
                    // EIO: every process holding the terminal has closed it
                    LOG.debug("{} pty read ended (errno {})", session.addrport(), JTermios.errno());
                    break;
                }
                if (chunk.length > 0 && !hand(chunk)) {
                    break;
                }
            }
            if (in == null) {
                readWithPty4j();
            }
        } catch (IOException e) {
            LOG.debug("{} pty read ended: {}", session.addrport(), e.toString());
        }
        if (!clientGone) {
            awaitExit();
            logExit();
            endSession();
            hand(END);
        }
        finish();
    }

    /** Where there is no master descriptor to poll (not Unix): pty4j's blocking stream. */
    private void readWithPty4j() throws IOException {
        byte[] buf = new byte[chunkSize];
        int n;
        while ((n = fromPty.read(buf, 0, buf.length)) >= 0) {
            if (n > 0 && !hand(Arrays.copyOf(buf, n))) {
                return;
            }
        }
    }

    /** Puts a chunk for the loop, waiting while the queue is full. @return false if the client left */
    private boolean hand(byte[] chunk) {
        try {
            while (!output.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
                if (clientGone) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (clientGone) {
            output.clear();
            return false;
        }
        if (drainQueued.compareAndSet(false, true)) {
            try {
                loop.execute(this::drain);
            } catch (RejectedExecutionException e) {
                clientGone = true; // the server stopped
                return false;
            }
        }
        return true;
    }

    /** Loop thread: moves output to the connection while it has room. */
    private void drain() {
        drainQueued.set(false);
        if (clientGone || ended || !connection.isOpen()) {
            return;
        }
        while (connection.queuedBytes() < highWater) {
            byte[] c = output.poll();
            if (c == null) {
                return;
            }
            if (c == END) {
                ended = true;
                flushCr();
                session.close(); // after the queued output is delivered
                return;
            }
            send(c);
        }
        if (!output.isEmpty()) {
            connection.whenOutputBelow(highWater / 2, this::drain);
        }
    }

    /**
     * Loop thread: one chunk of the program's output to the client. The encoder completes a CR
     * that ends a write at once (as CR NUL, RFC 854), so a CR LF that the PTY read split in two
     * would reach the client as CR NUL CR LF. A CR that ends a chunk is therefore held for the
     * next one, at most {@link #CR_HOLD_MILLIS}: a lone CR (a progress bar) is not delayed for long.
     */
    private void send(byte[] c) {
        int off = 0;
        int len = c.length;
        if (heldCr) {
            heldCr = false;
            crTimer.cancel();
            if (len > 0 && c[0] == '\n') {
                session.engine().sendData(CR_LF, 0, 2);
                off = 1;
            } else {
                session.engine().sendData(CR_LF, 0, 1);
            }
        }
        if (len - off > 0 && c[len - 1] == '\r') {
            if (len - off > 1) {
                session.engine().sendData(c, off, len - off - 1);
            }
            heldCr = true;
            crTimer = loop.schedule(CR_HOLD_MILLIS, TimeUnit.MILLISECONDS, this::flushCr);
        } else if (len - off > 0) {
            session.engine().sendData(c, off, len - off);
        }
    }

    /** Loop thread: sends a CR held by {@link #send}, if any. */
    private void flushCr() {
        if (heldCr) {
            heldCr = false;
            crTimer.cancel();
            if (connection.isOpen()) {
                session.engine().sendData(CR_LF, 0, 1);
            }
        }
    }

    /**
     * Loop thread: IAC AO. What the program wrote and the client has not been sent is dropped,
     * but not the end marker behind it: the session must still close when the program has ended.
     */
    void abortOutput() {
        dropOutput(output);
    }

    /** Empties a queue of output chunks but for the end marker, if it is there. */
    static void dropOutput(java.util.Queue<byte[]> q) {
        q.removeIf(c -> c != END);
    }

    /** The end marker, for tests. */
    static byte[] endMarker() {
        return END;
    }

    // ------------------------------------------------------------ input: client -> PTY

    /** Loop thread: data the client typed. */
    void input(byte[] buf, int off, int len) {
        if (translated.length < len) {
            translated = new byte[Math.max(len, translated.length * 2)];
        }
        int n = translator.translate(buf, off, len, translated);
        enqueue(translated, 0, n, false);
    }

    /** Loop thread: a telnet command that stands for a key of the terminal. */
    void key(InputTranslator.Key key) {
        int k = controlChar(key);
        if (k == InputTranslator.DISABLED) {
            LOG.debug("{} {} key is disabled on the terminal: ignored", session.addrport(), key);
            return;
        }
        enqueue(new byte[] {(byte) k}, 0, 1, InputTranslator.flushesInput(key));
    }

    private void enqueue(byte[] b, int off, int len, boolean flushFirst) {
        if (len == 0 && !flushFirst) {
            return;
        }
        boolean startWriter = false;
        boolean full;
        synchronized (inputLock) {
            if (flushFirst) {
                pendingLen = 0; // a signal key flushes typed-ahead input, as the line discipline does
            }
            if (pendingLen + len > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pendingLen + len, pending.length * 2));
            }
            System.arraycopy(b, off, pending, pendingLen, len);
            pendingLen += len;
            if (!writerRunning && pendingLen > 0) {
                writerRunning = true;
                startWriter = true;
            }
            full = pendingLen >= MAX_PENDING_INPUT;
        }
        if (full && !inputPaused) {
            inputPaused = true;
            connection.setReadPaused(true);
            LOG.debug("{} program is not reading its input ({} bytes waiting): pausing the client",
                session.addrport(), MAX_PENDING_INPUT);
        }
        if (startWriter) {
            try {
                WRITERS.execute(this::writeInput);
            } catch (RejectedExecutionException e) {
                synchronized (inputLock) {
                    writerRunning = false;
                }
            }
        }
    }

    /** On a writer thread: writes pending input until none is left. */
    private void writeInput() {
        while (true) {
            byte[] chunk;
            synchronized (inputLock) {
                if (pendingLen == 0 || clientGone) {
                    writerRunning = false;
                    return;
                }
                chunk = Arrays.copyOf(pending, pendingLen);
                pendingLen = 0;
            }
            if (inputPaused) {
                resumeInput();
            }
            if (echoOff) {
                // The child sets its terminal up after the fork, concurrently with our setEcho: it
                // can turn echo back on. The line discipline echoes as input arrives, so check
                // (and fix) just before each write; a read of the settings costs one system call.
                ensureEchoOff();
            }
            try {
                toPty.write(chunk);
                toPty.flush();
            } catch (IOException e) {
                LOG.debug("{} pty write failed: {}", session.addrport(), e.toString());
                synchronized (inputLock) {
                    pendingLen = 0;
                    writerRunning = false;
                }
                return;
            }
        }
    }

    private void resumeInput() {
        try {
            loop.execute(() -> {
                if (inputPaused) {
                    inputPaused = false;
                    connection.setReadPaused(false);
                }
            });
        } catch (RejectedExecutionException e) {
            // the server stopped
        }
    }

    // ------------------------------------------------------------ the terminal

    /** Loop thread: sets the window size; the kernel sends SIGWINCH to the foreground group. */
    void resize(WindowSize size) {
        try {
            process.setWinSize(new WinSize(size.columns, size.rows));
        } catch (RuntimeException e) {
            LOG.debug("{} could not set the window size: {}", session.addrport(), e.toString());
        }
    }

    private int masterFd() {
        return process instanceof UnixPtyProcess ? ((UnixPtyProcess) process).getPty().getMasterFD() : -1;
    }

    /** The terminal's current key for {@code key} (as {@code stty} shows it), or Linux's default. */
    private int controlChar(InputTranslator.Key key) {
        int fd = masterFd();
        if (fd >= 0) {
            Termios t = new Termios();
            if (JTermios.tcgetattr(fd, t) == 0) {
                return t.c_cc[CC_INDEX[key.ordinal()]] & 0xFF;
            }
        }
        return InputTranslator.DEFAULT_KEYS[key.ordinal()] & 0xFF;
    }

    /** Clears the terminal's ECHO flag if something set it again. Any thread. */
    private void ensureEchoOff() {
        int fd = masterFd();
        Termios t = new Termios();
        if (fd >= 0 && JTermios.tcgetattr(fd, t) == 0 && (t.c_lflag & JTermios.ECHO) != 0) {
            LOG.debug("{} the terminal's echo was on again: turning it off", session.addrport());
            setEcho(false);
        }
    }

    /** Turns the terminal's echo on or off (on Linux the master's settings are the terminal's). */
    private void setEcho(boolean on) {
        int fd = masterFd();
        Termios t = new Termios();
        if (fd < 0 || JTermios.tcgetattr(fd, t) != 0) {
            LOG.warn("{} could not read the terminal settings: echo stays on", session.addrport());
            return;
        }
        t.c_lflag = on ? t.c_lflag | JTermios.ECHO : t.c_lflag & ~JTermios.ECHO;
        if (JTermios.tcsetattr(fd, JTermios.TCSANOW, t) != 0) {
            LOG.warn("{} could not change the terminal settings (errno {})", session.addrport(),
                JTermios.errno());
        }
    }

    // ------------------------------------------------------------ the end

    /** The program exited: waits for the exit status, ending the program if it lingers. */
    private void awaitExit() {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                // the terminal closed but the program did not exit: treat it as gone
                terminate("its terminal closed but it did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void logExit() {
        if (!process.isAlive()) {
            LOG.info("{} {} (pid {}) exited with status {}", session.addrport(), name, pid, process.exitValue());
        }
    }

    /** Loop thread: the client disconnected. Hangs up the program on a thread of its own. */
    void clientGone() {
        clientGone = true;
        output.clear();
        synchronized (inputLock) {
            pendingLen = 0;
        }
        if (process.isAlive() && hangingUp.compareAndSet(false, true)) {
            Threads.start("telnet4j-pty-hangup-" + pid, () -> terminate("the client disconnected"));
        }
    }

    /**
     * SIGHUP to the program's process group (what a terminal's hangup sends), then SIGTERM and
     * finally SIGKILL, {@link #grace} apart, to the group and to every descendant seen at the
     * start (a process that left the group, such as a job of a job-control shell). Then ends the
     * reader, which closes the terminal.
     */
    private void terminate(String why) {
        List<ProcessHandle> family = family();
        LOG.info("{} {}: SIGHUP to {} (pid {}) and its process group", session.addrport(), why, name, pid);
        signal(PtyHelpers.SIGHUP, family);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("{} {} (pid {}) still running after SIGHUP: SIGTERM", session.addrport(), name, pid);
                signal(PtyHelpers.SIGTERM, family);
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{} {} (pid {}) still running after SIGTERM: SIGKILL", session.addrport(), name, pid);
                    signal(PtyHelpers.SIGKILL, family);
                    process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            for (ProcessHandle h : family) {
                if (h.isAlive()) {
                    h.destroyForcibly(); // outlived its parent: SIGKILL
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive()) {
            LOG.info("{} {} (pid {}) ended with status {}", session.addrport(), name, pid, process.exitValue());
        }
        if (clientGone) {
            // ends the reader, which closes the terminal after its last poll of it
            if (reader != null) {
                reader.wake();
            } else {
                closeTerminal();
            }
        }
    }

    /**
     * The program's descendants and every other process of the terminal session it leads (its
     * pid is the session id: pty4j starts it with setsid), also those that were orphaned.
     */
    private List<ProcessHandle> family() {
        java.util.Set<ProcessHandle> all = new java.util.LinkedHashSet<>();
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(all::add));
        ProcessHandle.allProcesses().filter(h -> h.pid() != pid && sessionOf(h.pid()) == pid).forEach(all::add);
        return List.copyOf(all);
    }

    /** The session id of a process, from /proc (Linux), or -1. */
    static long sessionOf(long p) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(p), "stat"));
            // pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The program exited: what it left in its terminal session is hung up and, if need be, killed. */
    private void endSession() {
        List<ProcessHandle> left = family();
        if (left.isEmpty()) {
            return;
        }
        LOG.info("{} {} (pid {}) left {} processes behind: SIGHUP, then SIGKILL", session.addrport(), name, pid,
            left.size());
        signal(PtyHelpers.SIGHUP, left);
        long end = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : left) {
            long wait = end - System.nanoTime();
            if (wait > 0) {
                h.onExit().completeOnTimeout(h, wait, TimeUnit.NANOSECONDS).join();
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    private void signal(int sig, List<ProcessHandle> family) {
        if (process.isAlive()) {
            Pty.raise((int) pid, sig); // killpg, or kill when the group is gone
        }
        for (ProcessHandle h : family) {
            if (h.isAlive()) {
                Pty.raise((int) h.pid(), sig);
            }
        }
    }

    private void closeTerminal() {
        try {
            fromPty.close();
        } catch (IOException e) {
            LOG.debug("{} closing the pty: {}", session.addrport(), e.toString());
        }
        try {
            toPty.close();
        } catch (IOException e) {
            LOG.debug("{} closing the pty: {}", session.addrport(), e.toString());
        }
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            closeTerminal();
            if (reader != null) {
                reader.close();
            }
            onFinished.run();
        }
    }
}
