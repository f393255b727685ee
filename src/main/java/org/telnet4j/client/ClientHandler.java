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

    /** A telnet command from the server (GA and EOR mark prompts). */
    default void onCommand(ClientSession session, int command) {
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
