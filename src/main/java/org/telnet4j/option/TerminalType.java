package org.telnet4j.option;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * TERMINAL-TYPE (RFC 930, RFC 1091) as seen from the side that asks: the cycle of
 * {@code SB TTYPE SEND} requests and {@code IS name} replies, its end, and the MUD Terminal Type
 * Standard (MTTS) bits carried by a third reply of the form {@code "MTTS 2825"}.
 *
 * <p>RFC 1091 section 2: each SEND makes the client answer with the next name on its list, and the
 * last name is repeated to mark the end. Clients in the field end the cycle differently, so the
 * cycle is over when a reply repeats the previous one, wraps around to the first, is empty, or
 * {@link #MAX_REPLIES} replies have come.
 *
 * <p>Not thread-safe; one per connection.
 */
public final class TerminalType {
    /** {@code IS}: a reply carrying a name. */
    public static final int IS = 0;
    /** {@code SEND}: a request for the next name. */
    public static final int SEND = 1;
    /** The most replies we ask for; a client that never repeats itself stops here. */
    public static final int MAX_REPLIES = 8;

    /** MTTS bit: the client supports ANSI colour. */
    public static final int MTTS_ANSI = 1;
    /** MTTS bit: VT100 interface. */
    public static final int MTTS_VT100 = 2;
    /** MTTS bit: UTF-8. */
    public static final int MTTS_UTF8 = 4;
    /** MTTS bit: 256 colours. */
    public static final int MTTS_256_COLORS = 8;
    /** MTTS bit: mouse tracking. */
    public static final int MTTS_MOUSE_TRACKING = 16;
    /** MTTS bit: OSC colour palette. */
    public static final int MTTS_OSC_COLOR_PALETTE = 32;
    /** MTTS bit: the user has a screen reader. */
    public static final int MTTS_SCREEN_READER = 64;
    /** MTTS bit: a proxy sits between client and server. */
    public static final int MTTS_PROXY = 128;
    /** MTTS bit: 24-bit colour. */
    public static final int MTTS_TRUECOLOR = 256;
    /** MTTS bit: the client supports MNES (MUD New-Environ Standard). */
    public static final int MTTS_MNES = 512;
    /** MTTS bit: MUD Server Link Protocol. */
    public static final int MTTS_MSLP = 1024;
    /** MTTS bit: the connection is over TLS. */
    public static final int MTTS_SSL = 2048;

    /** The payload of {@code IAC SB TTYPE SEND IAC SE}. */
    private static final byte[] SEND_PAYLOAD = {SEND};

    /** Client names (lower case) that mark a MUD client, which must not be put in character mode. */
    private static final Set<String> MUD_CLIENTS = Set.of("mudlet", "cmud", "zmud", "mushclient",
        "atlantis", "tintin++", "tt++", "blowtorch", "mudrammer", "kildclient", "portal", "beip",
        "savitar", "axmud", "mudletv", "proxiani");

    /** Longest name kept by default, in bytes; longer ones are cut (real names are short). */
    public static final int DEFAULT_MAX_LENGTH = 64;

    /**
     * The names so far, in {@code replies[0..count)}; null until the first. One per connection: an
     * array made on the first reply and grown as needed costs 24 bytes for the usual one or two
     * names, where a list made up front cost 56 even for a client that never answers.
     */
    private String[] replies;
    private int count;
    private final int maxLength;
    private boolean done;
    private boolean truncated;
    private int mtts = -1;

    /** Keeps names of up to {@value #DEFAULT_MAX_LENGTH} bytes. */
    public TerminalType() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** @param maxLength longest name kept, in bytes (at least 8); longer ones are cut to it */
    public TerminalType(int maxLength) {
        if (maxLength < 8) {
            throw new IllegalArgumentException("maxLength must be at least 8, was " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** The longest name kept, in bytes. */
    int maxLength() {
        return maxLength;
    }

    /** True if the last name received was longer than the maximum and was cut. */
    public boolean wasTruncated() {
        return truncated;
    }

    /** The payload of a SEND request: one byte. */
    public static byte[] sendPayload() {
        return SEND_PAYLOAD.clone();
    }

    /**
     * Records a subnegotiation payload from the peer.
     *
     * @return true if another SEND should be sent to continue the cycle
     */
    public boolean onReply(byte[] buf, int off, int len) {
        if (done) {
            return false;
        }
        if (len < 1 || buf[off] != IS) {
            done = true; // not a reply: asking again would only get more of the same
            return false;
        }
        truncated = len - 1 > maxLength;
        String name = SbText.decode(buf, off + 1, Math.min(len - 1, maxLength)).trim();
        if (name.isEmpty()) {
            done = true;
            return false;
        }
        int n = count;
        if (n > 0 && (name.equalsIgnoreCase(replies[n - 1]) || name.equalsIgnoreCase(replies[0]))) {
            done = true;
            return false;
        }
        add(name);
        if (n + 1 == 3 && name.regionMatches(true, 0, "MTTS ", 0, 5)) {
            mtts = parseMtts(name.substring(5).trim());
            done = true; // MTTS: the third reply ends the useful part of the cycle
            return false;
        }
        if (count >= MAX_REPLIES) {
            done = true;
            return false;
        }
        return true;
    }

    private void add(String name) {
        if (replies == null) {
            replies = new String[2];
        } else if (count == replies.length) {
            replies = Arrays.copyOf(replies, MAX_REPLIES);
        }
        replies[count++] = name;
    }

    private static int parseMtts(String digits) {
        try {
            int bits = Integer.parseInt(digits);
            return bits >= 0 ? bits : -1; // "MTTS -5" is no bit set: -1 means "not MTTS" to callers
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Ends the cycle early (the peer refused TTYPE or stopped answering). */
    public void finish() {
        done = true;
    }

    /** True once the cycle has ended. */
    public boolean isDone() {
        return done;
    }

    /** True once at least one name has arrived. */
    public boolean hasReply() {
        return count > 0;
    }

    /**
     * The terminal type to use: for an MTTS client its second reply (the first is the client's
     * name), otherwise the first reply; null before any reply.
     */
    public String terminalType() {
        if (count == 0) {
            return null;
        }
        return mtts >= 0 && count >= 2 ? replies[1] : replies[0];
    }

    /** The client's name when it follows MTTS (its first reply), else null. */
    public String clientName() {
        return mtts >= 0 ? replies[0] : null;
    }

    /** The MTTS bits, or -1 if the client does not follow MTTS. */
    public int mttsBits() {
        return mtts;
    }

    /** Every distinct name received, in order (an unmodifiable copy). */
    public List<String> names() {
        return count == 0 ? List.of() : List.of(Arrays.copyOf(replies, count));
    }

    /**
     * True if a name received so far is that of a known MUD client. Such clients keep their own
     * line editor: a server should not offer ECHO (character mode) to them.
     */
    public boolean isMudClient() {
        for (int i = 0; i < count; i++) {
            String lower = replies[i].toLowerCase(Locale.ROOT);
            int space = lower.indexOf(' ');
            if (MUD_CLIENTS.contains(space > 0 ? lower.substring(0, space) : lower)) {
                return true;
            }
        }
        return false;
    }
}
