package org.telnet4j.client;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.charset.TextConventions;
import org.telnet4j.charset.StreamDecoder;
import org.telnet4j.option.CharsetOption;
import org.telnet4j.option.EnvironOption;
import org.telnet4j.option.TelnetOptions;
import org.telnet4j.option.TerminalTypeOption;
import org.telnet4j.option.WindowSize;
import org.telnet4j.option.linemode.LinemodeOption;
import org.telnet4j.option.linemode.SlcTable;
import org.telnet4j.option.mud.DeflateTransform;
import org.telnet4j.option.mud.Gmcp;
import org.telnet4j.option.mud.Msdp;
import org.telnet4j.option.mud.Mssp;
import org.telnet4j.option.mud.InflateTransform;
import org.telnet4j.bytes.InboundPipeline;
import org.telnet4j.bytes.InboundTransform;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetEngineListener;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.bytes.ByteSink;
import org.telnet4j.bytes.ByteTransform;

/**
 * The client's side of one telnet connection, without I/O: bytes from the server go in through
 * {@link #receive}, decoded text and events come out to a {@link Listener}, and everything to send
 * goes to a {@link ByteSink}. It answers the server's questions as a {@link ClientConfig}
 * says: terminal type (RFC 1091, cycling through the configured names), window size (RFC 1073,
 * and again on every {@link #setWindowSize}), terminal speed (RFC 1079), X display (RFC 1096),
 * environment (RFC 1572, allow-listed variables only) and charset (RFC 2066).
 *
 * <p>MCCP2 is installed the way the server installs MCCP3: at the server's start marker
 * ({@code IAC SB MCCP2 IAC SE}) the protocol asks its listener to
 * {@linkplain Listener#onDecompressInput() decompress the input from there}, and {@link #parse}
 * stops at the byte after {@code IAC SE}; the owner puts {@link #newInflater} on its transport
 * (an event loop's {@code Connection}, a blocking client's inbound path), which feeds the rest of
 * the read, inflated, back to {@code parse}. {@link #receive} does all of that itself, for a
 * caller with no transport of its own (tests, a transcript).
 *
 * <p>MCCP3 (our output compressed) is installed the way the server installs MCCP2: once our
 * {@code IAC SB MCCP3 IAC SE} has been written to the sink, plain, the protocol asks its listener
 * to {@linkplain Listener#onCompressOutput() compress the output from there}; the owner puts
 * {@link #newDeflater} on its transport's outbound path, and takes it off again at
 * {@link Listener#onCompressOutputEnded()}. A listener that installs nothing has the protocol
 * compress before the sink itself.
 *
 * <p>Not thread-safe: one thread at a time (an event loop's, or a blocking client's caller).
 */
public final class ClientProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(ClientProtocol.class);
    private static final org.telnet4j.loop.RateLimitedLog CHARSET_CAP = new org.telnet4j.loop.RateLimitedLog();

    /**
     * What the protocol reports. Called on the thread that calls {@link #receive}. The methods
     * inherited from {@link TelnetOptions.Listener} report STATUS, LOGOUT, REMOTE-FLOW-CONTROL,
     * Synch and prompt marks; its server-only ones (location, speed, display) never fire here.
     */
    public interface Listener extends TelnetOptions.Listener {
        /** Text from the server, decoded; a chunk of whatever size arrived. */
        void onText(String text);

        /** A telnet command from the server: GA or EOR (prompt marks), AYT, NOP, ... */
        default void onCommand(int command) {
        }

        /** An option changed state or a request was refused. */
        default void onOptionChange(NegotiationEvent event, Side side, int option) {
        }

        /** A subnegotiation this class does not handle itself (GMCP, MSDP, ...). */
        default void onSubnegotiation(int option, byte[] buf, int off, int len) {
        }

        /** The text encoding changed (CHARSET accepted). */
        default void onCharset(Charset charset) {
        }

        /** A GMCP message from the server. */
        default void onGmcp(Gmcp.Message message) {
        }

        /** MSDP variables from the server. */
        default void onMsdp(Map<String, Object> variables) {
        }

        /** MSSP status variables from the server (what crawlers collect). */
        default void onMssp(Map<String, List<String>> variables) {
        }

        /** The server rejected a CHARSET REQUEST of ours (or let the server's own win). */
        default void onCharsetRejected() {
        }

        /** LINEMODE: the mode in force changed ({@code Linemode.EDIT}... bits; -1 when it stopped). */
        default void onLinemode(int mode) {
        }

        /**
         * MCCP2: the server compresses everything after the {@code IAC SB MCCP2 IAC SE} just
         * parsed. The owner installs {@link ClientProtocol#newInflater} on its transport for the
         * bytes not yet parsed and returns true; {@link ClientProtocol#parse} then returns right
         * after {@code IAC SE}, and parses nothing more until it is called again with the inflated
         * bytes. Not called while {@link ClientProtocol#receive} runs (it inflates itself).
         *
         * @return false if the input is already being inflated (nothing installed, and parsing
         *     goes on); the default, for an owner that installs nothing
         */
        default boolean onDecompressInput() {
            return false;
        }

        /**
         * The server's compressed stream ended: it finished its zlib stream (what follows is
         * plain), or announced compression and sent plain bytes (MCCP2 is then turned off), or
         * the stream failed. On a failure the inflater then throws it to the transport, which
         * closes the connection.
         *
         * @param failure null if the stream ended normally; else why it failed: corrupt, or past
         *     a limit ({@link org.telnet4j.option.mud.InflateLimitException})
         */
        default void onDecompressInputEnded(IOException failure) {
        }

        /**
         * MCCP3: our {@code IAC SB MCCP3 IAC SE} has just been written to the sink, plain, and
         * every byte written after it must be compressed, including the rest of what the current
         * call writes. The owner installs {@link ClientProtocol#newDeflater} on its transport's
         * outbound path (sync-flushed whenever its output goes to the socket) and returns true.
         *
         * @return false if the owner installs nothing: the protocol then compresses before the
         *     sink itself, with a sync flush at the end of each of its calls (the default, for an
         *     owner with no transport of its own)
         */
        default boolean onCompressOutput() {
            return false;
        }

        /**
         * MCCP3 ended: the server turned it off (or we did, and it agreed), or {@link
         * ClientProtocol#close} was called. Only after an {@link #onCompressOutput()} that returned
         * true. The owner ends the zlib stream on its outbound path (the server reads plain bytes
         * after its end) and removes the deflater; on close it just releases it.
         */
        default void onCompressOutputEnded() {
        }
    }

    private final ClientConfig config;
    private final Listener listener;
    private final TelnetEngine engine;
    private final StreamDecoder decoder;
    private final StreamDecoder.Scratch scratch = new StreamDecoder.Scratch();
    private final StringBuilder text = new StringBuilder();
    /** {@link #receive}'s own inbound path, made on its first call; null for an owner that uses {@link #parse}. */
    private InflatingInput selfInput;
    /** From the accepted MCCP2 start marker until the inflater reports the stream's end. */
    private boolean inflating;
    /** MCCP2, or MCCP1 for a server that uses the old number. */
    private int inflatingOption = TelnetOption.MCCP2;
    private boolean warnedNoInflater;
    private final ByteSink out;
    /** MCCP3: from our {@code IAC SB MCCP3 IAC SE} until MCCP3 ends. */
    private boolean compressingOutput;
    /**
     * MCCP3's compressor when the listener installed none on its transport: the protocol's own,
     * in front of the sink; null otherwise.
     */
    private DeflateTransform selfDeflate;
    private final TelnetOptions options;
    private final TerminalTypeOption ttype;
    private final CharsetOption charsetOption;
    private final EnvironOption environ;
    private final LinemodeOption linemode;
    private int columns;
    private int rows;

    /**
     * @param config what to say and agree to
     * @param out where bytes to send go
     * @param listener receives text and events
     */
    public ClientProtocol(ClientConfig config, ByteSink out, Listener listener) {
        this.out = out;
        this.config = config;
        this.listener = listener;
        this.columns = config.columns;
        this.rows = config.rows;
        this.decoder = new StreamDecoder(config.encoding);
        decoder.setErrorAction(config.decodeErrors); // --encoding-errors
        this.engine = new TelnetEngine(config.policy, this::toServer, new Wiring(), config.maxSubnegotiation);
        engine.setForceBinary(TextConventions.needsBinary(config.encoding));
        this.options = new TelnetOptions(engine, TelnetOptions.Role.CLIENT, listener, config.terminalSpeed,
            config.xdisplay, config.location);
        this.ttype = TerminalTypeOption.client(engine,
            config.tlsContext != null ? withMttsSsl(config.terminalTypes) : config.terminalTypes);
        this.environ = EnvironOption.client(engine, config.environ);
        this.charsetOption = CharsetOption.client(engine, config.acceptCharsets, config.maxCharsetOffers,
            new CharsetOption.Listener() {
                @Override
                public void onCharset(Charset cs) {
                    setCharset(cs);
                }

                @Override
                public void onCharsetRejected() {
                    listener.onCharsetRejected();
                }

                @Override
                public void onTooManyCharsets(int max) {
                    CHARSET_CAP.warn(LOG, "server offered more than {} charsets: looking at the first {} only",
                        max, max);
                }
            });
        this.linemode = config.linemode ? LinemodeOption.client(engine, listener::onLinemode) : null;
    }

    /**
     * True while a request of ours (WILL or DO, e.g. a configured offer) waits for the server's
     * answer: negotiation has not settled ({@code --connect-minwait}/{@code --connect-maxwait}).
     */
    public boolean hasPendingRequests() {
        for (int o = 0; o < 256; o++) {
            if (engine.options().isPending(Side.LOCAL, o) || engine.options().isPending(Side.REMOTE, o)) {
                return true;
            }
        }
        return false;
    }

    /** Sends the configured unsolicited offers (WILL and DO); call once, after connecting. */
    public void start() {
        for (int o : config.offerLocal) {
            engine.enable(Side.LOCAL, o);
        }
        for (int o : config.offerRemote) {
            engine.enable(Side.REMOTE, o);
        }
    }

    /**
     * Processes bytes from the server, all of them, for a caller with no transport to install an
     * inflater on: from the byte after {@code IAC SB MCCP2 IAC SE} the rest goes through an
     * inflater of its own (MCCP2), until the server ends the compressed stream. An owner with a
     * transport uses {@link #parse} instead, and never both.
     *
     * @return {@code len}
     * @throws java.io.UncheckedIOException if the compressed stream is corrupt or past a limit of
     *     {@link ClientConfig.Builder#inflateLimits} (close the connection)
     */
    public int receive(byte[] buf, int off, int len) {
        if (selfInput == null) {
            selfInput = new InflatingInput(this, System::nanoTime);
        }
        try {
            selfInput.receive(buf, off, len);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return len;
    }

    /**
     * Parses plain bytes from the server (the transport has inflated them if need be), up to the
     * server's MCCP2 start marker: when the {@linkplain Listener#onDecompressInput listener}
     * takes it, parsing stops at the byte after {@code IAC SE}, which is the first compressed
     * byte. Text is delivered and replies are sent before it returns.
     *
     * @return bytes consumed: {@code len}, or fewer when the server starts compressing inside
     *     these bytes; the rest is compressed, for the inflater the listener installed
     */
    public int parse(byte[] buf, int off, int len) {
        try {
            return engine.receive(buf, off, len);
        } finally {
            flushText();
            flushOutput(); // replies sent while parsing
        }
    }

    /**
     * A decompressor for the server's MCCP2 stream, with the {@link ClientConfig.Builder#inflateLimits
     * configured limits}, for {@link Listener#onDecompressInput} to install on the transport. It
     * tells this protocol (and the listener, {@link Listener#onDecompressInputEnded}) when the
     * stream ends or fails, and turns MCCP2 off if the server sends no compressed stream at all.
     *
     * @param clock nanoseconds, for the per-second limit (the event loop's clock)
     */
    public InboundTransform newInflater(LongSupplier clock) {
        return new Inflater(new InflateTransform(config.inflateLimits, clock, this::inputNotCompressed));
    }

    /**
     * A compressor for our MCCP3 stream, for {@link Listener#onCompressOutput} to install on the
     * transport's outbound path: a zlib stream at the default level, sync-flushed by
     * {@link ByteTransform#flush}, ended by {@link ByteTransform#finish}.
     */
    public ByteTransform newDeflater() {
        return new DeflateTransform();
    }

    private void toServer(byte[] b, int off, int len) {
        if (selfDeflate != null) {
            selfDeflate.apply(b, off, len, out);
        } else {
            out.write(b, off, len);
        }
    }

    /**
     * Sync-flushes the protocol's own compressor, if any, so everything sent so far reaches the
     * server (an owner's compressor is flushed by its transport).
     */
    private void flushOutput() {
        if (selfDeflate != null) {
            selfDeflate.flush(out);
        }
    }

    /**
     * True while our output is compressed (MCCP3): from our start marker until MCCP3 ends, by
     * the owner's deflater or the protocol's own.
     */
    public boolean isCompressingOutput() {
        return compressingOutput;
    }

    /**
     * True while the server's output is compressed (MCCP2): from its start marker until the
     * {@linkplain #newInflater inflater} sees the stream end.
     */
    public boolean isCompressed() {
        return inflating;
    }

    /** Releases native resources (a decompressor); call when the connection ends. */
    public void close() {
        if (selfInput != null) {
            selfInput.close();
        }
        inflating = false;
        if (compressingOutput) {
            compressingOutput = false;
            if (selfDeflate != null) {
                selfDeflate.close(); // the connection is going: no stream end to send
                selfDeflate = null;
            } else {
                listener.onCompressOutputEnded();
            }
        }
    }

    /**
     * Sends text typed by the user: encoded with the current charset, each line end (LF or CR LF)
     * sent as the charset's ({@link TextConventions#lineEnd}: CR LF, RFC 854's end of line, except
     * EOL for ATASCII and RETURN for PETSCII), 0xFF escaped.
     */
    public void sendText(String s) {
        Charset cs = decoder.charset();
        byte[] b = TextConventions.withLineEnds(s, cs).getBytes(cs);
        engine.sendData(b, 0, b.length);
        flushOutput();
    }

    /** Sends bytes as data: 0xFF escaped, and outside BINARY the NVT end-of-line rules. */
    public void sendBytes(byte[] b, int off, int len) {
        engine.sendData(b, off, len);
        flushOutput();
    }

    /** Sends {@code IAC command}, e.g. IP, AYT, BRK. */
    public void sendCommand(int command) {
        engine.sendCommand(command);
        flushOutput();
    }

    /** Sends {@code IAC SB option payload IAC SE}. */
    public void sendSubnegotiation(int option, byte[] payload) {
        engine.sendSubnegotiation(option, payload, 0, payload.length);
        flushOutput();
    }

    /** Sends a GMCP message ({@code json} may be null); false if the server has not agreed to GMCP. */
    public boolean sendGmcp(String name, String json) {
        if (!engine.isRemoteEnabled(TelnetOption.GMCP)) {
            return false;
        }
        sendSubnegotiation(TelnetOption.GMCP, Gmcp.encode(name, json));
        return true;
    }

    /** Sends MSDP variables or commands; false if the server has not agreed to MSDP. */
    public boolean sendMsdp(Map<String, ?> variables) {
        if (!engine.isRemoteEnabled(TelnetOption.MSDP)) {
            return false;
        }
        sendSubnegotiation(TelnetOption.MSDP, Msdp.encode(variables));
        return true;
    }

    /** The window size changed: tells the server if NAWS is enabled (RFC 1073: at any time). */
    public void setWindowSize(int columns, int rows) {
        this.columns = columns;
        this.rows = rows;
        if (engine.isLocalEnabled(TelnetOption.NAWS)) {
            sendNaws();
            flushOutput();
        }
    }

    /** True if the server echoes what we type (it WILL ECHO): hide local echo. */
    public boolean serverEchoes() {
        return engine.isRemoteEnabled(TelnetOption.ECHO);
    }

    /**
     * True in character mode: the server echoes and go-aheads are suppressed, so keys should be
     * sent as typed rather than a line at a time.
     */
    public boolean isCharacterMode() {
        return serverEchoes() && (engine.isRemoteEnabled(TelnetOption.SGA)
            || engine.isLocalEnabled(TelnetOption.SGA));
    }

    /** True while LINEMODE is on with EDIT: the user's line is edited here and sent whole. */
    public boolean isLocalEditing() {
        return linemode != null && linemode.mode() >= 0 && (linemode.mode() & org.telnet4j.option.linemode.Linemode.EDIT) != 0;
    }

    /** The LINEMODE mode in force ({@code Linemode.EDIT}, {@code TRAPSIG}... bits), or -1. */
    public int linemode() {
        return linemode == null ? -1 : linemode.mode();
    }

    /**
     * The special characters agreed under LINEMODE (interrupt, erase, kill...), for a UI that maps
     * keys; null unless {@link ClientConfig.Builder#linemode} is on.
     */
    public SlcTable slc() {
        return linemode == null ? null : linemode.state().slc();
    }

    /**
     * A key the user typed: under LINEMODE it goes through the local line editor (EDIT: kept until
     * Enter, with erase, kill and word erase; TRAPSIG: the interrupt characters become
     * {@code IAC IP}, {@code IAC SUSP}...), otherwise it is sent at once.
     *
     * @return what to show locally for it (EDIT's echo), often empty
     */
    public String type(char c) {
        if (linemode == null || !linemode.isActive()) {
            sendText(String.valueOf(c));
            return "";
        }
        String echo = linemode.type(c, decoder.charset());
        flushOutput();
        return echo;
    }

    /** The text encoding in use. */
    public Charset charset() {
        return decoder.charset();
    }

    /** Switches the text encoding (as {@code --encoding} or a negotiation would). */
    public void setCharset(Charset cs) {
        decoder.setCharset(cs);
        engine.setForceBinary(TextConventions.needsBinary(cs));
        listener.onCharset(cs);
    }

    /**
     * Asks the server to use one of {@code names} (CHARSET REQUEST, RFC 2066), most preferred
     * first. RFC 2066 lets only a side that said WILL CHARSET and heard DO CHARSET send it.
     *
     * @return false if CHARSET is not enabled on our side
     */
    public boolean requestCharset(List<String> names) {
        if (!engine.isLocalEnabled(TelnetOption.CHARSET) || names.isEmpty()) {
            return false;
        }
        charsetOption.request(names);
        return true;
    }

    /** STATUS, TIMING-MARK, LOGOUT, SEND-LOCATION and flow-control state and requests. */
    public TelnetOptions options() {
        return options;
    }

    /** The telnet engine, for option state and raw access. */
    public TelnetEngine engine() {
        return engine;
    }

    private void flushText() {
        if (text.length() > 0) {
            String s = text.toString();
            text.setLength(0);
            listener.onText(s);
        }
    }

    /**
     * The server's start marker: compression starts with the next byte, wherever it is in this
     * read, so the parser stops here once the owner has put an inflater in front of it.
     */
    private void startInflating(int option) {
        flushText(); // the text before the marker, in stream order
        boolean installed = selfInput != null ? selfInput.startInflating() : listener.onDecompressInput();
        if (installed) {
            inflating = true;
            inflatingOption = option;
            engine.pause();
        } else if (!inflating && !warnedNoInflater) {
            warnedNoInflater = true;
            LOG.warn("server started MCCP2 compression and nothing inflates it: its output will not"
                + " be readable (the owner of this ClientProtocol installs no inflater)");
        }
    }

    /**
     * MCCP3 agreed: the start marker goes out plain, and everything after it, from the next byte
     * written (the rest of this parse's replies too), through a compressor: the owner's, on its
     * transport, or else the protocol's own.
     */
    private void startCompressingOutput() {
        if (compressingOutput) {
            return;
        }
        engine.sendSubnegotiation(TelnetOption.MCCP3, new byte[0], 0, 0);
        compressingOutput = true;
        if (!listener.onCompressOutput()) {
            selfDeflate = new DeflateTransform();
        }
    }

    /**
     * MCCP3 off: the zlib stream ends after what was sent so far (the DONT or WONT that turned it
     * off included), and the server reads plain bytes after its end.
     */
    private void stopCompressingOutput() {
        if (!compressingOutput) {
            return;
        }
        compressingOutput = false;
        if (selfDeflate != null) {
            DeflateTransform d = selfDeflate;
            selfDeflate = null;
            d.finish(out);
            d.close();
        } else {
            listener.onCompressOutputEnded();
        }
    }

    /** The server announced MCCP2 and then sent bytes that are not zlib: read them plain, turn MCCP2 off. */
    private void inputNotCompressed() {
        LOG.info("server announced MCCP2 but sent no compressed stream: reading its output as plain"
            + " and turning MCCP2 off");
        engine.disable(Side.REMOTE, inflatingOption);
    }

    private void inflaterEnded(IOException failure) {
        inflating = false;
        listener.onDecompressInputEnded(failure);
    }

    /**
     * The inflater an owner installs: an {@link InflateTransform} that also reports the end of
     * its stream, and its failure, to the protocol (the transport retires it by itself).
     */
    private final class Inflater implements InboundTransform {
        private final InflateTransform inflate;
        private boolean ended;

        Inflater(InflateTransform inflate) {
            this.inflate = inflate;
        }

        @Override
        public int apply(byte[] in, int off, int len, InboundPipeline.Consumer next) throws IOException {
            int used;
            try {
                used = inflate.apply(in, off, len, next);
            } catch (IOException e) {
                end(e);
                throw e;
            }
            if (inflate.isFinished()) {
                end(null);
            }
            return used;
        }

        private void end(IOException failure) {
            if (!ended) {
                ended = true;
                inflaterEnded(failure);
            }
        }

        @Override
        public boolean hasPendingOutput() {
            return inflate.hasPendingOutput();
        }

        @Override
        public void newPass() {
            inflate.newPass();
        }

        @Override
        public boolean wasPassthrough() {
            return inflate.wasPassthrough();
        }

        @Override
        public boolean isFinished() {
            return inflate.isFinished();
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true; // the connection is going: nothing to report
                inflating = false;
            }
            inflate.close();
        }
    }

    private void sendNaws() {
        byte[] p = WindowSize.payload(columns, rows);
        engine.sendSubnegotiation(TelnetOption.NAWS, p, 0, p.length);
    }

    /** Engine callbacks; private so the public API stays small. */
    private final class Wiring implements TelnetEngineListener, StreamDecoder.CharSink {
        @Override
        public void onData(byte[] buf, int off, int len) {
            decoder.decode(buf, off, len, scratch, this);
        }

        @Override
        public void onChar(char c) {
            text.append(c);
        }

        @Override
        public void onCommand(int command) {
            flushText(); // text before a GA is the prompt: deliver it first
            listener.onCommand(command);
            options.onCommand(command);
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            if (option == TelnetOption.LINEMODE && linemode != null) {
                linemode.onSubnegotiation(buf, off, len);
                return;
            }
            switch (option) {
                case TelnetOption.TTYPE:
                    ttype.onSubnegotiation(buf, off, len);
                    break;
                case TelnetOption.NEW_ENVIRON:
                case TelnetOption.ENVIRON:
                    environ.onSubnegotiation(option, buf, off, len);
                    break;
                case TelnetOption.CHARSET:
                    charsetOption.onSubnegotiation(buf, off, len);
                    break;
                case TelnetOption.GMCP:
                    flushText();
                    listener.onGmcp(Gmcp.parse(buf, off, len));
                    break;
                case TelnetOption.MSDP:
                    flushText();
                    listener.onMsdp(Msdp.parse(buf, off, len));
                    break;
                case TelnetOption.MSSP:
                    listener.onMssp(Mssp.parse(buf, off, len));
                    break;
                case TelnetOption.MCCP2:
                case TelnetOption.MCCP1:
                    if (engine.isRemoteEnabled(option)) {
                        startInflating(option);
                    }
                    break;
                default:
                    flushText();
                    if (!options.onSubnegotiation(option, buf, off, len)) {
                        listener.onSubnegotiation(option, buf, off, len);
                    }
                    break;
            }
        }

        @Override
        public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            flushText(); // events in stream order: text that came before the negotiation first
            if (linemode != null) {
                linemode.onNegotiationEvent(event, side, option);
            }
            if (event == NegotiationEvent.ENABLED && side == Side.LOCAL && option == TelnetOption.NAWS) {
                sendNaws(); // RFC 1073: the size follows WILL NAWS at once
            }
            if (event == NegotiationEvent.ENABLED && side == Side.REMOTE && option == TelnetOption.GMCP
                && config.gmcpHello != null) {
                sendGmcp("Core.Hello", config.gmcpHello);
                sendGmcp("Core.Supports.Set", config.gmcpSupports);
            }
            if (side == Side.REMOTE && option == TelnetOption.MCCP3) {
                if (event == NegotiationEvent.ENABLED) {
                    startCompressingOutput();
                } else if (event == NegotiationEvent.DISABLED) {
                    stopCompressingOutput();
                }
            }
            if (event == NegotiationEvent.LIMIT_REACHED) {
                LOG.warn("server reached the cap on negotiation requests: ignoring further ones"
                    + " until the cap's window ends");
            }
            listener.onOptionChange(event, side, option);
            options.onNegotiationEvent(event, side, option);
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            LOG.debug("protocol warning from server: {} ({})", warning, detail);
        }
    }

    /** MTTS over TLS: {@code "MTTS 13"} becomes {@code "MTTS 2061"} (bit 2048 says the connection is TLS). */
    static java.util.List<String> withMttsSsl(java.util.List<String> names) {
        java.util.List<String> out = new java.util.ArrayList<>(names.size());
        for (String name : names) {
            String n = name;
            if (name.regionMatches(true, 0, "MTTS ", 0, 5)) {
                try {
                    n = name.substring(0, 5)
                        + (Integer.parseInt(name.substring(5).trim()) | org.telnet4j.option.TerminalType.MTTS_SSL);
                } catch (NumberFormatException e) {
                    n = name; // not a number: left alone
                }
            }
            out.add(n);
        }
        return out;
    }
}
