package org.telnet4j.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic telnet input streams for {@link ParserBenchmark}.
 *
 * <p>Each corpus is generated from a fixed seed, so every run (and every fork) parses exactly the
 * same bytes. Generation stops at the first unit boundary at or past {@link #TARGET_SIZE}, so a
 * corpus never ends inside a command, subnegotiation or CR NUL pair: a parser that has consumed one
 * corpus is back in its data state and can be fed the same corpus again.
 */
final class Corpus {

    /** About 1 MiB; the exact size is {@link #bytes}{@code .length}. */
    static final int TARGET_SIZE = 1 << 20;

    private static final long SEED = 0x7E1E_4A11_C0FF_EEL;

    private static final int IAC = 0xFF;
    private static final int SE = 240;
    private static final int NOP = 241;
    private static final int GA = 249;
    private static final int SB = 250;
    private static final int WILL = 251;
    private static final int TTYPE = 24;
    private static final int NAWS = 31;
    private static final int GMCP = 201;

    /** Options a client and server commonly negotiate (none is 255, so none needs escaping). */
    private static final int[] OPTIONS = {0, 1, 3, 5, 24, 31, 32, 33, 34, 36, 39, 42, 69, 70, 86, 91,
        93, 201};

    private static final String[] WORDS = {"the", "goblin", "attacks", "you", "with", "a", "rusty",
        "dagger", "and", "misses", "north", "south", "east", "west", "gold", "coins", "lie", "here",
        "Town", "Square", "fountain", "merchant", "says", "welcome", "traveller", "sword", "shield",
        "of", "is", "standing", "in", "dark", "forest", "path", "leads"};

    /** Non-ASCII text a MUD sends: accented Latin, CJK, box drawing. */
    private static final String[] UTF8_WORDS = {"café", "Müller", "señor", "garçon", "Ærøskøbing",
        "ĳzer", "村", "剣士", "魔法使い", "东方", "宝箱", "┌──────┐", "│", "└──────┘", "═══╬═══", "░▒▓█"};

    private static final String[] COLOURS = {"\u001b[1;32m", "\u001b[0;31m", "\u001b[1;33m",
        "\u001b[36m", "\u001b[1;37;44m", "\u001b[35m"};
    private static final String RESET = "\u001b[0m";

    final String name;
    final byte[] bytes;
    /** Bytes that are part of an IAC sequence (IAC IAC counted, as the escape is protocol). */
    final long iacSequenceBytes;
    /** Bytes that are the NUL of a CR NUL pair (protocol padding, not data). */
    final long crNulBytes;
    /** Number of 0xFF bytes, for checking the baseline. */
    final long iacBytes;
    /** Events the generator emitted, for checking the parser. */
    final long negotiations;
    final long commands;
    final long subnegotiations;

    private Corpus(String name, Builder b) {
        this.name = name;
        this.bytes = b.out.toByteArray();
        this.iacSequenceBytes = b.iacSequenceBytes;
        this.crNulBytes = b.crNulBytes;
        this.negotiations = b.negotiations;
        this.commands = b.commands;
        this.subnegotiations = b.subnegotiations;
        long n = 0;
        for (byte x : bytes) {
            if (x == (byte) 0xFF) {
                n++;
            }
        }
        this.iacBytes = n;
    }

    static Corpus of(String name) {
        switch (name) {
            case "plain":
                return plain();
            case "mud":
                return mud();
            case "negotiation":
                return negotiation();
            default:
                throw new IllegalArgumentException("unknown corpus " + name);
        }
    }

    /** Fraction of the corpus that is protocol rather than data: IAC sequences only. */
    double commandFraction() {
        return (double) iacSequenceBytes / bytes.length;
    }

    /** Printable ASCII lines of 20 to 120 characters, each ending CR LF. */
    static Corpus plain() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        Builder b = new Builder();
        while (b.size() < TARGET_SIZE) {
            int n = rnd.nextInt(20, 121);
            for (int i = 0; i < n; i++) {
                b.data(rnd.nextInt(0x20, 0x7F));
            }
            b.crlf();
        }
        return new Corpus("plain", b);
    }

    /**
     * MUD server output: ANSI-coloured lines with some UTF-8, a prompt and IAC GA about every 10
     * lines, an escaped IAC IAC about once per 4 KiB and an ~80-byte GMCP subnegotiation about
     * once per 2 KiB.
     */
    static Corpus mud() {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        Builder b = new Builder();
        int nextIacIac = 4096 + rnd.nextInt(-1024, 1024);
        int nextGmcp = 2048 + rnd.nextInt(-512, 512);
        int linesToPrompt = rnd.nextInt(7, 14);
        while (b.size() < TARGET_SIZE) {
            if (b.size() >= nextGmcp) {
                gmcp(b, rnd);
                nextGmcp = b.size() + 2048 + rnd.nextInt(-512, 512);
            }
            if (--linesToPrompt == 0) {
                b.text("<" + rnd.nextInt(1, 2000) + "hp " + rnd.nextInt(0, 800) + "mp "
                    + rnd.nextInt(0, 300) + "mv> ");
                b.command(GA);
                linesToPrompt = rnd.nextInt(7, 14);
                continue;
            }
            int words = rnd.nextInt(3, 16);
            boolean coloured = false;
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    b.data(' ');
                }
                int r = rnd.nextInt(100);
                if (r < 12 && !coloured) {
                    b.text(COLOURS[rnd.nextInt(COLOURS.length)]);
                    coloured = true;
                } else if (r < 20 && coloured) {
                    b.text(RESET);
                    coloured = false;
                }
                if (rnd.nextInt(100) < 10) {
                    b.text(UTF8_WORDS[rnd.nextInt(UTF8_WORDS.length)]);
                } else {
                    b.text(WORDS[rnd.nextInt(WORDS.length)]);
                }
                if (b.size() >= nextIacIac) {
                    b.escapedIac();
                    nextIacIac = b.size() + 4096 + rnd.nextInt(-1024, 1024);
                }
            }
            if (coloured) {
                b.text(RESET);
            }
            b.data('.');
            b.crlf();
        }
        return new Corpus("mud", b);
    }

    private static void gmcp(Builder b, SplittableRandom rnd) {
        StringBuilder s = new StringBuilder(96);
        s.append("Char.Vitals {\"hp\":").append(rnd.nextInt(1, 2000))
            .append(",\"maxhp\":2000,\"mp\":").append(rnd.nextInt(0, 800))
            .append(",\"maxmp\":800,\"mv\":").append(rnd.nextInt(0, 300))
            .append(",\"maxmv\":300,\"xp\":").append(rnd.nextInt(0, 100000)).append('}');
        // IAC SB GMCP <payload> IAC SE; the payload is ASCII, so no 0xFF needs escaping.
        b.subnegotiation(GMCP, s.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Negotiation-heavy traffic: about half of the bytes are IAC sequences (DO/DONT/WILL/WONT,
     * NAWS and TTYPE subnegotiations, NOP, GA), with CR NUL and short text between them.
     */
    static Corpus negotiation() {
        SplittableRandom rnd = new SplittableRandom(SEED + 2);
        Builder b = new Builder();
        byte[] xterm = "xterm".getBytes(StandardCharsets.US_ASCII);
        while (b.size() < TARGET_SIZE) {
            int r = rnd.nextInt(100);
            if (r < 45) {
                b.negotiation(WILL + rnd.nextInt(4), OPTIONS[rnd.nextInt(OPTIONS.length)]);
            } else if (r < 55) {
                // IAC SB NAWS 0 w 0 h IAC SE (w, h < 255, so no escaping)
                b.subnegotiation(NAWS, new byte[] {0, (byte) rnd.nextInt(80, 201), 0,
                    (byte) rnd.nextInt(24, 61)});
            } else if (r < 62) {
                byte[] p = new byte[1 + xterm.length];
                p[0] = 0; // IS
                System.arraycopy(xterm, 0, p, 1, xterm.length);
                b.subnegotiation(TTYPE, p);
            } else if (r < 72) {
                b.command(NOP);
            } else if (r < 82) {
                b.command(GA);
            } else {
                b.crNul();
            }
            // short text between commands
            int n = rnd.nextInt(0, 8);
            for (int i = 0; i < n; i++) {
                b.data(rnd.nextInt('a', 'z' + 1));
            }
        }
        return new Corpus("negotiation", b);
    }

    /** Appends bytes and keeps the books the benchmark prints. */
    private static final class Builder {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(TARGET_SIZE + 4096);
        long iacSequenceBytes;
        long crNulBytes;
        long negotiations;
        long commands;
        long subnegotiations;

        int size() {
            return out.size();
        }

        void data(int b) {
            out.write(b);
        }

        void text(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void crlf() {
            out.write('\r');
            out.write('\n');
        }

        void crNul() {
            out.write('\r');
            out.write(0);
            crNulBytes++;
        }

        void escapedIac() {
            out.write(IAC);
            out.write(IAC);
            iacSequenceBytes += 2;
        }

        void command(int cmd) {
            out.write(IAC);
            out.write(cmd);
            iacSequenceBytes += 2;
            commands++;
        }

        void negotiation(int verb, int option) {
            out.write(IAC);
            out.write(verb);
            out.write(option);
            iacSequenceBytes += 3;
            negotiations++;
        }

        void subnegotiation(int option, byte[] payload) {
            out.write(IAC);
            out.write(SB);
            out.write(option);
            out.writeBytes(payload);
            out.write(IAC);
            out.write(SE);
            iacSequenceBytes += 5 + payload.length;
            subnegotiations++;
        }
    }
}
