package org.telnet4j.client;

import java.nio.charset.Charset;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;

/** What an event-loop {@link TelnetClient} reports. Every method runs on the loop thread. */
public interface ClientHandler {

    /** Connected; negotiation may still be going on. */
    default void onConnect(ClientSession session) {
    }

    /** Text from the server, decoded. */
    void onText(ClientSession session, String text);

    /**
     * A telnet command from the server: GA and EOR mark prompts (also reported to
     * {@link #onPrompt}), DM marks a Synch (also {@link #onSynch}), and IP, AO, BRK, EC, EL, NOP,
     * AYT arrive as they are. A client does not answer AYT with text: RFC 854 asks for "visible
     * evidence" on the receiver's side, and text sent back would be read by the server as the
     * user's input; the application may show something itself.
     */
    default void onCommand(ClientSession session, int command) {
    }

    /** The server marked a prompt: {@code IAC GA} (RFC 854) or {@code IAC EOR} (RFC 885). */
    default void onPrompt(ClientSession session, int command) {
    }

    /**
     * The server sent a Synch mark ({@code IAC DM}, RFC 854), typically after it discarded
     * output for an Abort Output: text before it is stale.
     */
    default void onSynch(ClientSession session) {
    }

    /** The server answered a STATUS request (RFC 859); {@code differences} lists disagreements. */
    default void onStatus(ClientSession session, org.telnet4j.option.Status.Report report,
                          java.util.List<org.telnet4j.option.Status.Difference> differences) {
    }

    /** The server said WILL LOGOUT (RFC 727): it is about to close the connection. */
    default void onLogout(ClientSession session) {
    }

    /**
     * The server sent a REMOTE-FLOW-CONTROL command (RFC 1372), one of
     * {@link org.telnet4j.option.FlowControl}'s; the state is in
     * {@code session.protocol().options().flowControl()}.
     */
    default void onFlowControl(ClientSession session, int command) {
    }

    /** The server rejected our CHARSET REQUEST (RFC 2066). */
    default void onCharsetRejected(ClientSession session) {
    }

    /** An option changed state or a request was refused. */
    default void onOptionChange(ClientSession session, NegotiationEvent event, Side side, int option) {
    }

    /** A subnegotiation the client does not handle itself (GMCP, MSDP, ...). */
    default void onSubnegotiation(ClientSession session, int option, byte[] buf, int off, int len) {
    }

    /** The text encoding changed. */
    default void onCharset(ClientSession session, Charset charset) {
    }

    /** A GMCP message from the server. */
    default void onGmcp(ClientSession session, org.telnet4j.option.mud.Gmcp.Message message) {
    }

    /** MSDP variables from the server. */
    default void onMsdp(ClientSession session, java.util.Map<String, Object> variables) {
    }

    /** MSSP status variables from the server. */
    default void onMssp(ClientSession session, java.util.Map<String, java.util.List<String>> variables) {
    }

    /** LINEMODE ({@link ClientConfig.Builder#linemode}): the mode changed; -1 when it stopped. */
    default void onLinemode(ClientSession session, int mode) {
    }

    /** The connection closed; called exactly once. */
    default void onDisconnect(ClientSession session, CloseReason reason) {
    }
}
