package org.telnet4j.examples;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.telnet4j.server.DisconnectReason;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;

/**
 * A chat room driven the miniboa way: the program owns the loop and calls {@link #tick} (which
 * polls the server) ten times a second; there are no threads. Commands: {@code /who},
 * {@code /nick NAME}, {@code /quit}; anything else is said to the room.
 *
 * <p>Run: {@code bin/telnet4j-example chat [port]} (default 6024), then connect with telnet.
 */
public final class ChatLoop implements SessionHandler {
    private final TelnetServer server;
    private final List<Session> people = new ArrayList<>();

    /** A chat room on {@code host:port} (port 0 picks one). */
    public ChatLoop(String host, int port) throws IOException {
        server = TelnetServer.builder().host(host).port(port).lineMode(true).handler(this).build();
        server.bind();
    }

    /** The server, for its address. */
    public TelnetServer server() {
        return server;
    }

    /** One game tick: network first, then the lines everybody typed. */
    public void tick(long pollMillis) throws IOException {
        server.poll(pollMillis);
        for (Session s : new ArrayList<>(people)) {
            String line;
            while ((line = s.nextLine()) != null) {
                handle(s, line.trim());
            }
        }
    }

    @Override
    public void onConnect(Session s) {
        people.add(s);
        s.setAttribute("nick", "guest" + people.size());
        s.send("Welcome to the chat. You are " + nick(s) + ". Try /who, /nick NAME, /quit.\n");
        broadcast(s, nick(s) + " arrives.");
        s.prompt("> ");
    }

    @Override
    public void onDisconnect(Session s, DisconnectReason reason) {
        people.remove(s);
        broadcast(s, nick(s) + " leaves.");
    }

    private void handle(Session s, String line) {
        if (line.isEmpty()) {
            s.prompt("> ");
            return;
        }
        if (line.equals("/quit")) {
            s.send("Bye.\n");
            s.close();
            return;
        }
        if (line.equals("/who")) {
            StringBuilder b = new StringBuilder("Here:");
            for (Session p : people) {
                b.append(' ').append(nick(p));
            }
            s.send(b + "\n");
        } else if (line.startsWith("/nick ")) {
            String old = nick(s);
            s.setAttribute("nick", line.substring(6).trim());
            broadcast(null, old + " is now " + nick(s) + ".");
        } else {
            broadcast(s, nick(s) + ": " + line);
            s.send("You say: " + line + "\n");
        }
        s.prompt("> ");
    }

    private void broadcast(Session from, String text) {
        for (Session p : people) {
            if (p != from) {
                p.send(text + "\n");
            }
        }
    }

    private static String nick(Session s) {
        return String.valueOf(s.getAttribute("nick"));
    }

    /** Runs the chat room until killed. */
    public static void main(String[] args) throws IOException {
        ExampleArgs a = ExampleArgs.parse("telnet4j-example chat", "usage: bin/telnet4j-example chat [PORT]\n"
            + "Runs the chat example on localhost port PORT (default 6024; 0 picks a free one).",
            args, 6024, false);
        ChatLoop chat = null;
        try {
            chat = new ChatLoop(a.host, a.port);
        } catch (IOException e) {
            a.cannotListen(e);
        }
        System.out.println("chat on localhost:" + chat.server().localAddress().getPort());
        while (true) {
            chat.tick(Duration.ofMillis(100).toMillis());
        }
    }
}
