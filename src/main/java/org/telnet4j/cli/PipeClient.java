package org.telnet4j.cli;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.charset.LineSplitter;
import org.telnet4j.charset.TextConventions;
import org.telnet4j.client.ClientSession;

/**
 * The client without a line editor: standard input is read a line at a time and each line is
 * sent, ended as the session's charset ends lines ({@link org.telnet4j.charset.TextConventions#lineEnd}: CR LF, but EOL
 * for ATASCII and RETURN for PETSCII); what arrives is written to standard output (CR LF as LF,
 * and in PETSCII, whose RETURN is CR alone, CR as LF too). Used when standard input is not
 * a terminal (a pipe or a file) and with {@code --no-repl}. The connection ends when the server
 * closes it, or after standard input ends and the server has then been quiet for the linger time.
 */
final class PipeClient {
    private static final Logger LOG = LoggerFactory.getLogger(PipeClient.class);
    /** Longest wait for the server after standard input ends, whatever it keeps sending. */
    private static final long MAX_LINGER_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Writer out;
    private final Charset localCharset;
    private final long lingerNanos;
    private final CountDownLatch closed;
    private volatile long lastOutput = System.nanoTime();
    private LineSplitter.LoneCr splitterMode = LineSplitter.LoneCr.IS_TEXT;
    private LineSplitter splitter = new LineSplitter(splitterMode);

    PipeClient(Charset localCharset, double lingerSeconds, CountDownLatch closed) {
        this.localCharset = localCharset;
        this.out = new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), localCharset);
        this.lingerNanos = Math.round(lingerSeconds * 1e9);
        this.closed = closed;
    }

    /** Loop thread: text from the server, decoded with {@code charset}. */
    void text(String text, Charset charset) {
        lastOutput = System.nanoTime();
        // PETSCII's RETURN is CR alone: a new line at once (the next line may be long in coming);
        // elsewhere a lone CR stays a carriage return (progress bars) and CR LF is one new line.
        LineSplitter.LoneCr mode = TextConventions.lineEnd(charset).equals("\r")
            ? LineSplitter.LoneCr.ENDS_LINE_AT_ONCE : LineSplitter.LoneCr.IS_TEXT;
        StringBuilder b = new StringBuilder(text.length() + 1);
        Output o = new Output(b);
        if (mode != splitterMode) { // the charset changed: what the old rule held is text
            splitter.finish(o);
            splitter = new LineSplitter(mode);
            splitterMode = mode;
        }
        splitter.feed(text, 0, text.length(), o);
        write(b.toString());
    }

    /** Loop thread: the connection ended. */
    void disconnected() {
        StringBuilder b = new StringBuilder(1);
        splitter.finish(new Output(b));
        if (b.length() > 0) {
            write(b.toString());
        }
    }

    /** Lines for standard output: each line end as LF, NUL dropped. */
    private record Output(StringBuilder b) implements LineSplitter.Listener {
        @Override
        public void onText(CharSequence s, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c != 0) {
                    b.append(c);
                }
            }
        }

        @Override
        public void onLineEnd() {
            b.append('\n');
        }
    }

    private synchronized void write(String s) {
        try {
            out.write(s);
            out.flush();
        } catch (IOException e) {
            LOG.debug("standard output: {}", e.toString());
        }
    }

    /** Sends standard input until the connection ends; returns the exit status. */
    int run(ClientSession session) throws InterruptedException {
        Thread input = new Thread(() -> pump(session), "telnet4j-stdin");
        input.setDaemon(true); // blocked in a read of stdin when the server closes: let it go
        input.start();
        closed.await();
        return 0;
    }

    private void pump(ClientSession session) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, localCharset))) {
            String line;
            while ((line = in.readLine()) != null) {
                int esc = line.indexOf('\u001d'); // Ctrl-]: quit, as telnet(1)
                if (esc >= 0) {
                    if (esc > 0) {
                        sendLine(session, line.substring(0, esc));
                    }
                    session.close();
                    return;
                }
                sendLine(session, line);
            }
        } catch (IOException e) {
            LOG.warn("standard input: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.debug("sending stopped: {}", e.toString()); // the connection is gone
            return;
        }
        linger(session);
    }

    /** Sends a line with the end of line of the session's charset. */
    private static void sendLine(ClientSession session, String line) {
        Charset cs = session.charset();
        String eol = TextConventions.lineEnd(cs);
        if (eol.equals("\r\n")) {
            session.send(line + "\n"); // as NVT text: CR LF
        } else {
            session.sendBytes((line + eol).getBytes(cs)); // EOL alone, RETURN alone
        }
    }

    /** Standard input ended: wait until the server has been quiet for the linger time, then close. */
    private void linger(ClientSession session) {
        long eof = System.nanoTime();
        try {
            while (closed.getCount() > 0) {
                long now = System.nanoTime();
                long last = Math.max(lastOutput, eof);
                long quietLeft = last + lingerNanos - now;
                if (quietLeft <= 0 || now - eof >= MAX_LINGER_NANOS) {
                    break;
                }
                closed.await(quietLeft, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }
}
