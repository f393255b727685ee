package org.telnet4j.protocol;

import org.telnet4j.bytes.ByteSink;
import java.nio.ByteBuffer;

/**
 * One telnet connection's protocol state, without I/O: received bytes go in through
 * {@link #receive}, events come out to a {@link TelnetEngineListener}, and every byte to send
 * (negotiation replies included) goes to a {@link ByteSink}. The same engine serves a server,
 * a client and a proxy; like {@code javax.net.ssl.SSLEngine} it leaves sockets to its caller.
 *
 * <p>It owns a {@link TelnetParser}, an {@link OptionNegotiator} (RFC 1143) and a
 * {@link TelnetEncoder}, and keeps them consistent: when BINARY is enabled on the peer's side
 * the parser stops NVT end-of-line processing, and when it is enabled on ours the encoder does.
 *
 * <p>Not thread-safe: call it from one thread at a time (the event loop's).
 */
public final class TelnetEngine {
    private final TelnetParser parser;
    private final OptionNegotiator options;
    private final TelnetEncoder encoder;
    private final TelnetEngineListener listener;
    private boolean forceBinary;

    /** An engine with the default subnegotiation ceiling. */
    public TelnetEngine(OptionPolicy policy, ByteSink output, TelnetEngineListener listener) {
        this(policy, output, listener, TelnetParser.DEFAULT_MAX_SUBNEGOTIATION);
    }

    /**
     * @param policy which options we accept when the peer asks
     * @param output where encoded bytes go
     * @param listener receives events
     * @param maxSubnegotiationLength ceiling for one subnegotiation payload
     */
    public TelnetEngine(OptionPolicy policy, ByteSink output, TelnetEngineListener listener,
                        int maxSubnegotiationLength) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        this.listener = listener;
        this.encoder = new TelnetEncoder(output);
        Wiring wiring = new Wiring();
        this.parser = new TelnetParser(wiring, maxSubnegotiationLength);
        this.options = new OptionNegotiator(policy, wiring);
    }

    /**
     * Parses received bytes; replies go to the output, events to the listener.
     *
     * @return bytes consumed, fewer than {@code len} only if a listener called {@link #pause()}
     */
    public int receive(byte[] buf, int off, int len) {
        return parser.feed(buf, off, len);
    }

    /** Parses the remaining bytes of {@code in}, advancing its position by what was consumed. */
    public int receive(ByteBuffer in) {
        return parser.feed(in);
    }

    /** From a listener callback: stop the current {@link #receive} after this event. */
    public void pause() {
        parser.pause();
    }

    /** Sends data: 0xFF doubled, and outside BINARY, LF as CR LF and bare CR as CR NUL. */
    public void sendData(byte[] buf, int off, int len) {
        encoder.data(buf, off, len);
    }

    /** Sends {@code IAC command}. */
    public void sendCommand(int command) {
        encoder.command(command);
    }

    /** Sends {@code IAC SB option payload IAC SE}, payload escaped. */
    public void sendSubnegotiation(int option, byte[] payload, int off, int len) {
        encoder.subnegotiation(option, payload, off, len);
    }

    /** Asks for an option on a side (WILL for LOCAL, DO for REMOTE); see {@link OptionNegotiator#enable}. */
    public boolean enable(Side side, int option) {
        return options.enable(side, option);
    }

    /** Asks to stop an option on a side; see {@link OptionNegotiator#disable}. */
    public boolean disable(Side side, int option) {
        return options.disable(side, option);
    }

    /** True if we have the option enabled (we WILL). */
    public boolean isLocalEnabled(int option) {
        return options.isLocalEnabled(option);
    }

    /** True if the peer has the option enabled (it WILL). */
    public boolean isRemoteEnabled(int option) {
        return options.isRemoteEnabled(option);
    }

    /**
     * Treats data in both directions as BINARY whatever was negotiated: no NVT end-of-line rules
     * (RFC 854's CR NUL and CR LF) on what is sent or received. For text whose 0x0D and 0x0A are
     * not carriage return and line feed (ATASCII draws them as graphics), which those rules would
     * change; telnetlib3 calls this {@code force_binary}. The BINARY option itself is negotiated
     * as before, and once this is off again, its state applies.
     */
    public void setForceBinary(boolean on) {
        forceBinary = on;
        parser.setBinary(on || options.isRemoteEnabled(TelnetOption.BINARY));
        encoder.setBinary(on || options.isLocalEnabled(TelnetOption.BINARY));
    }

    /** Whether {@link #setForceBinary} is on. */
    public boolean isForceBinary() {
        return forceBinary;
    }

    /** The negotiation state machine. */
    public OptionNegotiator options() {
        return options;
    }

    /** The parser, for its settings. */
    public TelnetParser parser() {
        return parser;
    }

    /** The encoder, for callers that frame subnegotiations piecewise. */
    public TelnetEncoder encoder() {
        return encoder;
    }

    /** Routes parser and negotiator callbacks; kept private so the engine's API stays small. */
    private final class Wiring implements TelnetParserListener, NegotiationHandler {
        @Override
        public void onData(byte[] buf, int off, int len) {
            listener.onData(buf, off, len);
        }

        @Override
        public void onCommand(int command) {
            listener.onCommand(command);
        }

        @Override
        public void onNegotiation(int verb, int option) {
            options.receive(verb, option);
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            listener.onSubnegotiation(option, buf, off, len);
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            listener.onProtocolWarning(warning, detail);
        }

        @Override
        public void sendNegotiation(int verb, int option) {
            encoder.negotiation(verb, option);
        }

        @Override
        public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            if (option == TelnetOption.BINARY && (event == NegotiationEvent.ENABLED
                || event == NegotiationEvent.DISABLED)) {
                boolean on = event == NegotiationEvent.ENABLED || forceBinary;
                if (side == Side.REMOTE) {
                    parser.setBinary(on); // RFC 856: the peer now sends 8-bit data, no NVT rules
                } else {
                    encoder.setBinary(on);
                }
            }
            listener.onNegotiationEvent(event, side, option);
        }
    }
}
