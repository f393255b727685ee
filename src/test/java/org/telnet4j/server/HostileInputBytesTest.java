package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.server.HostileInputTest.bytes;
import static org.telnet4j.server.HostileInputTest.concat;
import static org.telnet4j.testing.RawTelnetClient.indexOf;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.telnet4j.option.TerminalType;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/**
 * Issue 12's parsing limits as bytes in and bytes out of a whole {@link ServerProtocol}: what a
 * hostile client sends in NEW-ENVIRON, CHARSET, GMCP, TTYPE and oversized subnegotiations is
 * bounded, dropped or refused, and the protocol goes on reading lines after it.
 * {@link HostileInputTest} keeps what is about the heap, the loop and the transforms.
 */
class HostileInputBytesTest {
    private static final int IAC = 0xFF;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void newEnvironIsBoundedAndUnagreedOrUnaskedRepliesAreDropped() {
        ServerHarness h = new ServerHarness(TelnetServer.builder().maxEnvironment(64, 4096));
        h.protocol.begin();
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        // Never agreed: an IS the server did not ask for, from a client that did not say WILL.
        in.writeBytes(concat(bytes(IAC, TelnetCommand.SB, TelnetOption.NEW_ENVIRON, 0, 0), ascii("EARLY"),
            bytes(1), ascii("1"), bytes(IAC, TelnetCommand.SE)));
        in.writeBytes(bytes(IAC, TelnetCommand.WILL, TelnetOption.NEW_ENVIRON));
        for (int sb = 0; sb < 400; sb++) {
            in.writeBytes(bytes(IAC, TelnetCommand.SB, TelnetOption.NEW_ENVIRON, 2)); // INFO
            for (int v = 0; v < 40; v++) {
                in.write(0);
                in.writeBytes(ascii("V" + sb + "_" + v));
                in.write(1);
                in.writeBytes(ascii("value"));
            }
            in.writeBytes(bytes(IAC, TelnetCommand.SE));
        }
        in.writeBytes(ascii("ping env\r\n"));
        h.feed(in.toByteArray());
        h.protocol.deadline();
        assertTrue(h.takeEvents().contains("line \"ping env\""), "still reading lines");
        Map<String, String> env = h.protocol.environment();
        assertTrue(env.size() <= 64, "variables kept: " + env.size());
        assertFalse(env.isEmpty(), "the agreed INFO was read");
        assertFalse(env.containsKey("EARLY"), "an unagreed subnegotiation is discarded");
        int chars = env.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        assertTrue(chars <= 4096, "characters kept: " + chars);
    }

    @Test
    void aCharsetRequestOfThousandsOfNamesIsCappedAndAnsweredAtOnce() {
        ServerHarness h = new ServerHarness(TelnetServer.builder().maxSubnegotiation(256 * 1024));
        h.protocol.begin();
        // Answer the server's own REQUEST first: while it waits, RFC 2066 has it refuse ours unread.
        h.feed(bytes(IAC, TelnetCommand.WILL, TelnetOption.CHARSET));
        assertTrue(indexOf(h.takeOutput(), bytes(IAC, TelnetCommand.SB, TelnetOption.CHARSET, 1)) >= 0);
        h.feed(bytes(IAC, TelnetCommand.SB, TelnetOption.CHARSET, 3, IAC, TelnetCommand.SE));
        h.takeOutput();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 7990; i++) {
            names.append(' ').append("X-NOSUCH-").append(i);
        }
        names.append(" UTF-8"); // past the cap: never looked at
        byte[] request = concat(bytes(IAC, TelnetCommand.SB, TelnetOption.CHARSET, 1), ascii(names.toString()),
            bytes(IAC, TelnetCommand.SE));
        Logger log = (Logger) LoggerFactory.getLogger(ServerNegotiation.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            h.feed(request);
            byte[] got = h.takeOutput();
            assertEquals(org.telnet4j.protocol.TelnetNotation.format(
                bytes(IAC, TelnetCommand.SB, TelnetOption.CHARSET, 3, IAC, TelnetCommand.SE)),
                org.telnet4j.protocol.TelnetNotation.format(got), "REJECTED at once: UTF-8 was past the cap");
            assertTrue(appender.list.stream().anyMatch(e -> e.getFormattedMessage()
                .contains("offered more than 32 charsets")), appender.list.toString());
        } finally {
            log.detachAppender(appender);
        }
        h.feed(ascii("ping charset\r\n"));
        h.protocol.deadline();
        assertTrue(h.takeEvents().contains("line \"ping charset\""));
    }

    @Test
    void gmcpFromAClientOfAServerWithoutGmcpIsNeverParsed() {
        ServerHarness.everySplit(() -> {
            ServerHarness h = new ServerHarness(TelnetServer.builder());
            h.protocol.begin();
            return h;
        }, concat(bytes(IAC, TelnetCommand.DO, TelnetOption.GMCP, IAC, TelnetCommand.SB, TelnetOption.GMCP),
            ascii("Core.Hello {}"), bytes(IAC, TelnetCommand.SE), ascii("ping gmcp\r\n")), h -> {
                List<String> events = h.takeEvents();
                assertEquals(List.of("line \"ping gmcp\""), events, "no message, no subnegotiation reported");
            });
    }

    @Test
    void terminalTypesAreCutAndBounded() {
        ServerHarness h = new ServerHarness(TelnetServer.builder().maxTerminalTypeLength(16));
        h.protocol.begin();
        h.takeOutput();
        h.feed(bytes(IAC, TelnetCommand.WILL, TelnetOption.TTYPE));
        assertTrue(indexOf(h.takeOutput(), bytes(IAC, TelnetCommand.SB, TelnetOption.TTYPE, 1, IAC, TelnetCommand.SE))
            >= 0, "SEND");
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            replies.writeBytes(bytes(IAC, TelnetCommand.SB, TelnetOption.TTYPE, 0));
            replies.writeBytes(ascii("TERM" + i + "-" + "q".repeat(16 * 1000)));
            replies.writeBytes(bytes(IAC, TelnetCommand.SE));
        }
        replies.writeBytes(ascii("ping ttype\r\n"));
        h.feed(replies.toByteArray());
        h.protocol.deadline();
        assertTrue(h.takeEvents().contains("line \"ping ttype\""));
        List<String> names = h.protocol.terminalTypes().names();
        assertTrue(names.size() <= TerminalType.MAX_REPLIES, names.toString());
        assertFalse(names.isEmpty());
        for (String n : names) {
            assertTrue(n.length() <= 16, n);
        }
    }

    @Test
    void theSubnegotiationCeilingLogsAFewLinesASecondNotThousands() {
        Logger log = (Logger) LoggerFactory.getLogger(ServerProtocol.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            long t0 = System.nanoTime();
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            flood.writeBytes(bytes(IAC, TelnetCommand.WILL, TelnetOption.NAWS));
            for (int i = 0; i < 500; i++) {
                flood.writeBytes(bytes(IAC, TelnetCommand.SB, TelnetOption.NAWS));
                flood.writeBytes(new byte[100]);
                flood.writeBytes(bytes(IAC, TelnetCommand.SE));
            }
            flood.writeBytes(ascii("ping flood\r\n"));
            // Four clients: the rate limit is shared, as the clients of one server share a log.
            for (int c = 0; c < 4; c++) {
                ServerHarness h = new ServerHarness(TelnetServer.builder().maxSubnegotiation(64));
                h.protocol.begin();
                h.feed(flood.toByteArray());
                h.protocol.deadline();
                List<String> events = h.takeEvents();
                assertEquals(500, events.stream().filter("limit SUBNEGOTIATION"::equals).count(),
                    "every hit is counted");
                assertTrue(events.contains("line \"ping flood\""));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long lines = appender.list.stream().filter(e -> e.getFormattedMessage().contains("longer than 64 bytes"))
                .count();
            assertTrue(lines >= 1, "the limit is logged");
            assertTrue(lines <= 5 * (Math.ceil(seconds) + 1), lines + " lines in " + seconds + " s for 2,000 hits");
        } finally {
            log.detachAppender(appender);
        }
    }
}
