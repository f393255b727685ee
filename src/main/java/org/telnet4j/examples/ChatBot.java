package org.telnet4j.examples;

import java.io.IOException;
import java.time.Duration;
import org.telnet4j.client.ClientReader;
import org.telnet4j.client.ClientShell;
import org.telnet4j.client.ClientWriter;

/**
 * A scripted client for the {@link ChatLoop} chat room: it takes a nickname, says hello, asks who
 * is there and leaves, printing the conversation as it goes. It shows how a {@link ClientShell}
 * waits for what the server says before answering.
 *
 * <p>Run: {@code bin/telnet4j-example chat} in one terminal, then
 * {@code bin/telnet4j-client --shell org.telnet4j.examples.ChatBot localhost 6024}.
 */
public final class ChatBot implements ClientShell {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PROMPT = "> ";

    @Override
    public void run(ClientReader in, ClientWriter out) throws Exception {
        expect(in, PROMPT);                 // the welcome, then the prompt
        say(out, "/nick robot");
        expect(in, "is now robot.");
        expect(in, PROMPT);
        say(out, "hello, everybody");
        expect(in, "You say: hello, everybody");
        expect(in, PROMPT);
        say(out, "/who");
        expect(in, PROMPT);
        say(out, "/quit");
        expect(in, "Bye.");
        String rest;
        while ((rest = in.read(WAIT)) != null && !rest.isEmpty()) { // until the server closes
            print(rest);
        }
        System.out.println();
    }

    /** Reads and prints text up to {@code marker}; fails if it does not come in time. */
    private static void expect(ClientReader in, String marker) throws IOException, InterruptedException {
        String text = in.readUntil(marker, WAIT);
        if (text == null) {
            throw new IOException("the chat did not say \"" + marker + "\" within " + WAIT.toSeconds() + " s");
        }
        print(text);
    }

    private static void say(ClientWriter out, String line) {
        System.out.println(line); // after the prompt, as a terminal would show it
        out.println(line);
    }

    private static void print(String text) {
        System.out.print(text.replace("\r\n", "\n"));
        System.out.flush();
    }
}
