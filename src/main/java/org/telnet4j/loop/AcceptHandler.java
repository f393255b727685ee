package org.telnet4j.loop;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/** Decides what to do with each accepted socket. Runs on the loop thread. */
public interface AcceptHandler {

    /**
     * A socket was accepted, made non-blocking and given TCP_NODELAY. The handler either adopts
     * it with {@link EventLoop#register} or closes it.
     */
    void onAccept(SocketChannel channel) throws IOException;
}
