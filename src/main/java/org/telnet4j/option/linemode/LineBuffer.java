package org.telnet4j.option.linemode;

/**
 * The client's local line editor under LINEMODE, without I/O: typed characters go in one at a
 * time, and what to send, what to echo locally and which telnet commands to send come out.
 *
 * <p>Under MODE EDIT a line is kept until it ends (CR or LF, sent as CR LF), until a character of
 * the forward mask or FORW1/FORW2 is typed (the line so far and that character are sent, without
 * an end of line), and the SLC characters edit it: EC erases a character, EW a word (and the
 * spaces before it), EL the line; RP shows the line again; LNEXT takes the next character as it
 * is. Under TRAPSIG the interrupt characters become commands ({@link Linemode#commandFor}); one
 * whose SLC has FLUSHIN also drops the line being typed. Without EDIT every character is sent as
 * it is typed. Echo, under EDIT only, follows SOFT_TAB (a tab shows as spaces up to the next
 * multiple of 8) and LIT_ECHO (control characters show as they are, else as {@code ^X}).
 *
 * <p>Not thread-safe.
 */
public final class LineBuffer {
    /** Where the results go. */
    public interface Output {
        /** Text to send to the server (an end of line is given as "\r\n"). */
        void send(String text);

        /** A telnet command to send ({@code IAC command}). */
        void command(int command);

        /** Text to show locally (the client's own echo); never called outside MODE EDIT. */
        void echo(String text);
    }

    private final Linemode linemode;
    private final StringBuilder line = new StringBuilder();
    private boolean literalNext;

    /** An editor following the mode and characters of {@code linemode}. */
    public LineBuffer(Linemode linemode) {
        this.linemode = linemode;
    }

    /** The line typed so far and not yet sent. */
    public String pending() {
        return line.toString();
    }

    /** Handles one typed character. */
    public void type(char c, Output out) {
        if (literalNext) {
            literalNext = false;
            append(c, out);
            return;
        }
        int command = linemode.commandFor(c);
        if (command >= 0) {
            int f = linemode.slc().functionOf(c, Slc.IP, Slc.BRK, Slc.AO, Slc.AYT, Slc.ABORT, Slc.SUSP,
                Slc.EOR, Slc.EOF);
            if (f >= 0 && (linemode.slc().flags(f) & Slc.FLUSHIN) != 0) {
                line.setLength(0);
            }
            if (command == org.telnet4j.protocol.TelnetCommand.EOF && line.length() > 0) {
                flush(out, ""); // EOF after text sends that text first, as a terminal does
            }
            out.command(command);
            return;
        }
        if (!linemode.isEditing()) {
            out.send(String.valueOf(c));
            return;
        }
        SlcTable slc = linemode.slc();
        if (c == '\r' || c == '\n') {
            out.echo("\r\n");
            flush(out, "\r\n");
        } else if (c == slc.value(Slc.EC) || slc.level(Slc.EC) == Slc.NOSUPPORT && (c == '\b' || c == 0x7F)) {
            if (line.length() > 0) {
                eraseBack(1, out);
            }
        } else if (c == slc.value(Slc.EW)) {
            int n = line.length();
            while (n > 0 && line.charAt(n - 1) == ' ') {
                n--;
            }
            while (n > 0 && line.charAt(n - 1) != ' ') {
                n--;
            }
            eraseBack(line.length() - n, out);
        } else if (c == slc.value(Slc.EL)) {
            eraseBack(line.length(), out);
        } else if (c == slc.value(Slc.RP)) {
            out.echo("\r\n" + shown(line));
        } else if (c == slc.value(Slc.LNEXT)) {
            literalNext = true;
        } else {
            append(c, out);
            ForwardMask mask = linemode.forwardMask();
            if (mask != null && mask.contains(c) || c == slc.value(Slc.FORW1) || c == slc.value(Slc.FORW2)) {
                flush(out, "");
            }
        }
    }

    private void append(char c, Output out) {
        String shown = shown(c, line.length());
        line.append(c);
        out.echo(shown);
    }

    private void flush(Output out, String end) {
        String s = line.toString() + end;
        line.setLength(0);
        if (!s.isEmpty()) {
            out.send(s);
        }
    }

    private void eraseBack(int chars, Output out) {
        StringBuilder e = new StringBuilder();
        for (int i = 0; i < chars; i++) {
            int at = line.length() - 1;
            int width = shown(line.charAt(at), at).length();
            line.setLength(at);
            for (int k = 0; k < width; k++) {
                e.append("\b \b");
            }
        }
        if (e.length() > 0) {
            out.echo(e.toString());
        }
    }

    private String shown(CharSequence s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            b.append(shown(s.charAt(i), i));
        }
        return b.toString();
    }

    /** How a character is echoed at position {@code col} of the line. */
    private String shown(char c, int col) {
        int mode = linemode.mode();
        if (c == '\t' && (mode & Linemode.SOFT_TAB) != 0) {
            return " ".repeat(8 - col % 8);
        }
        if ((c < 0x20 || c == 0x7F) && c != '\t' && (mode & Linemode.LIT_ECHO) == 0) {
            return "^" + (char) (c ^ 0x40);
        }
        return String.valueOf(c);
    }
}
