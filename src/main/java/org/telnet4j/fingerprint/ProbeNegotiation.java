package org.telnet4j.fingerprint;

import java.util.ArrayList;
import java.util.List;
import org.telnet4j.protocol.TelnetCommand;

/**
 * The option bookkeeping of a probe ({@link ClientProbe}, {@link ServerProbe}): for every option
 * the peer mentions or we ask about, the RFC 1143 state of our side and the peer's, what the peer
 * said before we asked anything, and how it answered our probes and loop checks. The peer's
 * requests are answered by a fixed policy: the options we agree to on our side ({@code weWill})
 * and on its side ({@code weDo}); everything else is refused, and a probe the peer accepts that
 * the policy does not want is switched off again. No I/O: bytes go out through a
 * {@link ProbeOutput}, what the probe needs to know comes back through {@link Events}.
 *
 * <p>RFC 1143 without the queue bits: a probe never changes its mind mid-request. Before
 * {@link #startProbing()} every verb the peer sends is recorded as unprompted; after it, a request
 * for the mode already in force is a loop (RFC 1143 section 7: such a request is not answered).
 * Each option's replies are capped, so a peer that keeps repeating a request cannot make us loop.
 */
final class ProbeNegotiation {
    /** One side's state of an option (RFC 1143 section 7, without the queue bits). */
    enum Q { NO, YES, WANTYES, WANTNO }

    /** What the probe needs to hear of the negotiation; every method does nothing by default. */
    interface Events {
        /** The peer sent WILL or DO for {@code option}, other than as the answer to a loop check. */
        default void requested(int verb, int option) {
        }

        /** The peer's side of {@code option} has just been agreed on (by the peer's WILL). */
        default void enabledHisSide(int option) {
        }

        /** Our side of {@code option} has just been agreed on (by the peer's DO). */
        default void enabledOurSide(int option) {
        }

        /** The peer repeats its requests for this option: the cap is reached, no more replies. */
        default void repliesExhausted(Option option) {
        }
    }

    /** What we learnt about one option. */
    static final class Option {
        final int code;
        Q us = Q.NO;
        Q him = Q.NO;
        /** The peer's verbs before probing began, in order, repeats kept. */
        final List<String> unprompted = new ArrayList<>();
        /** Our replies to the peer's requests, in order. */
        final List<String> weAnswered = new ArrayList<>();
        String answerToDo;
        String answerToWill;
        boolean probedDo;
        boolean probedWill;
        boolean loopCheckDo;
        boolean loopCheckWill;
        boolean looped;
        int replies;

        Option(int code) {
            this.code = code;
        }

        /** Whether the peer said WILL or WONT before we asked. */
        boolean mentionedHisSide() {
            return unprompted.contains("WILL") || unprompted.contains("WONT");
        }

        /** Whether the peer said DO or DONT before we asked. */
        boolean mentionedOurSide() {
            return unprompted.contains("DO") || unprompted.contains("DONT");
        }

        /** The answer to our DO probe: a verb, "none" or "not asked". */
        String answerToDoText() {
            return probedDo ? (answerToDo == null ? "none" : answerToDo) : "not asked";
        }

        /** The answer to our WILL probe: a verb, "none" or "not asked". */
        String answerToWillText() {
            return probedWill ? (answerToWill == null ? "none" : answerToWill) : "not asked";
        }

        /** The peer offered its side: WILL unprompted or in answer to DO. */
        boolean offered() {
            return unprompted.contains("WILL") || "WILL".equals(answerToDo);
        }

        /** The peer asked for our side: DO unprompted or in answer to WILL. */
        boolean accepted() {
            return unprompted.contains("DO") || "DO".equals(answerToWill);
        }

        /** The peer refused its side: WONT unprompted or in answer to DO. */
        boolean refusedDo() {
            return unprompted.contains("WONT") || "WONT".equals(answerToDo);
        }

        /** The peer refused our side: DONT unprompted or in answer to WILL. */
        boolean refusedWill() {
            return unprompted.contains("DONT") || "DONT".equals(answerToWill);
        }
    }

    private final Option[] options = new Option[256];
    private final int[] weWill;
    private final int[] weDo;
    private final int maxReplies;
    private final ProbeOutput out;
    private final Events events;
    private boolean probing;

    /**
     * @param weWill the options we agree to on our side
     * @param weDo the options we agree to on the peer's side
     * @param maxReplies replies to one option's requests before we stop answering
     */
    ProbeNegotiation(int[] weWill, int[] weDo, int maxReplies, ProbeOutput out, Events events) {
        this.weWill = weWill.clone();
        this.weDo = weDo.clone();
        this.maxReplies = maxReplies;
        this.out = out;
        this.events = events;
    }

    /** From now on the peer's verbs are answers, not its opening. */
    void startProbing() {
        probing = true;
    }

    boolean probing() {
        return probing;
    }

    /** The record of {@code option}, made if there is none yet. */
    Option record(int option) {
        Option r = options[option];
        if (r == null) {
            r = options[option] = new Option(option);
        }
        return r;
    }

    /** The record of {@code option}, or null if it was never mentioned nor asked about. */
    Option option(int option) {
        return options[option];
    }

    /** The records there are, by option code. */
    List<Option> options() {
        List<Option> l = new ArrayList<>();
        for (Option r : options) {
            if (r != null) {
                l.add(r);
            }
        }
        return l;
    }

    /** Whether the peer's side of {@code option} is on. */
    boolean hisSideOn(int option) {
        return options[option] != null && options[option].him == Q.YES;
    }

    /** Whether our side of {@code option} is on. */
    boolean ourSideOn(int option) {
        return options[option] != null && options[option].us == Q.YES;
    }

    /** Whether every DO and WILL probe has had an answer. */
    boolean allAnswered() {
        for (Option r : options) {
            if (r != null && ((r.probedDo && r.answerToDo == null) || (r.probedWill && r.answerToWill == null))) {
                return false;
            }
        }
        return true;
    }

    /** Probes the peer's side: DO, and wait for the answer. */
    void probeDo(Option r) {
        r.probedDo = true;
        r.him = Q.WANTYES;
        out.sendVerb(TelnetCommand.DO, r.code);
    }

    /** Probes our side: WILL, and wait for the answer. */
    void probeWill(Option r) {
        r.probedWill = true;
        r.us = Q.WANTYES;
        out.sendVerb(TelnetCommand.WILL, r.code);
    }

    /** Asks DO again for a side already on: a correct peer stays silent. */
    void loopCheckDo(Option r) {
        r.loopCheckDo = true;
        out.sendVerb(TelnetCommand.DO, r.code);
    }

    /** Offers WILL again for a side already on: a correct peer stays silent. */
    void loopCheckWill(Option r) {
        r.loopCheckWill = true;
        out.sendVerb(TelnetCommand.WILL, r.code);
    }

    /** Takes the peer's IAC verb option. */
    void receive(int verb, int option) {
        Option r = record(option);
        String v = verbName(verb);
        if (!probing) {
            r.unprompted.add(v);
        }
        switch (verb) {
            case TelnetCommand.WILL -> {
                if (r.loopCheckDo && r.him == Q.YES && probing) {
                    r.looped = true; // RFC 1143 section 7: no reply to a request already in force
                    return;
                }
                if (r.probedDo && r.answerToDo == null) {
                    r.answerToDo = v;
                }
                events.requested(verb, option);
                switch (r.him) {
                    case NO -> {
                        if (contains(weDo, option)) {
                            r.him = Q.YES;
                            reply(r, TelnetCommand.DO);
                            events.enabledHisSide(option);
                        } else {
                            reply(r, TelnetCommand.DONT);
                        }
                    }
                    case WANTYES -> {
                        if (contains(weDo, option)) {
                            r.him = Q.YES;
                            events.enabledHisSide(option);
                        } else {
                            r.him = Q.WANTNO; // a probe it accepted: switch it off again
                            out.sendVerb(TelnetCommand.DONT, option);
                        }
                    }
                    case WANTNO -> r.him = Q.NO; // the answer to DONT should be WONT; take it as off
                    case YES -> r.looped |= probing;
                }
            }
            case TelnetCommand.WONT -> {
                if ((r.probedDo || r.loopCheckDo) && r.answerToDo == null) {
                    r.answerToDo = v;
                }
                if (r.him == Q.YES) {
                    r.him = Q.NO;
                    reply(r, TelnetCommand.DONT);
                } else {
                    r.him = Q.NO;
                }
            }
            case TelnetCommand.DO -> {
                if (r.loopCheckWill && r.us == Q.YES && probing) {
                    r.looped = true;
                    return;
                }
                if (r.probedWill && r.answerToWill == null) {
                    r.answerToWill = v;
                }
                events.requested(verb, option);
                switch (r.us) {
                    case NO -> {
                        if (contains(weWill, option)) {
                            r.us = Q.YES;
                            reply(r, TelnetCommand.WILL);
                            events.enabledOurSide(option);
                        } else {
                            reply(r, TelnetCommand.WONT);
                        }
                    }
                    case WANTYES -> {
                        if (contains(weWill, option)) {
                            r.us = Q.YES;
                            events.enabledOurSide(option);
                        } else {
                            r.us = Q.WANTNO;
                            out.sendVerb(TelnetCommand.WONT, option);
                        }
                    }
                    case WANTNO -> r.us = Q.NO;
                    case YES -> r.looped |= probing;
                }
            }
            default -> { // DONT
                if (r.probedWill && r.answerToWill == null) {
                    r.answerToWill = v;
                }
                if (r.us == Q.YES) {
                    r.us = Q.NO;
                    reply(r, TelnetCommand.WONT);
                } else {
                    r.us = Q.NO;
                }
            }
        }
    }

    private void reply(Option r, int verb) {
        if (r.replies++ >= maxReplies) {
            if (!r.looped) {
                events.repliesExhausted(r);
            }
            r.looped = true;
            return;
        }
        r.weAnswered.add(verbName(verb));
        out.sendVerb(verb, r.code);
    }

    static String verbName(int verb) {
        return switch (verb) {
            case TelnetCommand.WILL -> "WILL";
            case TelnetCommand.WONT -> "WONT";
            case TelnetCommand.DO -> "DO";
            default -> "DONT";
        };
    }

    static boolean contains(int[] set, int option) {
        for (int x : set) {
            if (x == option) {
                return true;
            }
        }
        return false;
    }
}
