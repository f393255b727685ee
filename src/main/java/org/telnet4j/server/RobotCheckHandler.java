package org.telnet4j.server;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.Timer;
import org.telnet4j.option.Status;
import org.telnet4j.option.mud.Gmcp;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetOption;

/**
 * Runs a {@link RobotCheck} on every session before the application's handler sees it: the
 * application's {@code onConnect} (and so a {@link Shell}) starts only once the check has passed;
 * a failed session is told why and closed, and the application never hears of it. The outcome is
 * on the session ({@link Session#robotCheck()}) and in the log. Installed by
 * {@link TelnetServer.Builder#robotCheck(Duration)}. Loop thread throughout.
 */
final class RobotCheckHandler implements SessionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RobotCheck.class);
    /** The session attribute that holds the outcome. */
    static final String ATTRIBUTE = RobotCheck.class.getName();
    private static final String STARTED = RobotCheckHandler.class.getName() + ".started";

    private final SessionHandler app;
    private final Duration timeout;

    RobotCheckHandler(SessionHandler app, Duration timeout) {
        this.app = app;
        this.timeout = timeout;
    }

    @Override
    public void onConnect(Session session) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        RobotCheck check = new RobotCheck(session.charset(), session.isLocalEnabled(TelnetOption.ECHO), timeout,
            r.nextInt(2, 10), r.nextInt(2, 10));
        Timer[] timer = new Timer[1];
        Runnable[] arm = new Runnable[1];
        arm[0] = () -> {
            if (timer[0] != null) {
                timer[0].cancel();
            }
            timer[0] = session.server().loop().schedule(check.deadline().toMillis(), TimeUnit.MILLISECONDS, () -> {
                if (session.isActive() && check.outcome() == null) {
                    send(session, check.onTimeout());
                    if (!finish(session, check)) {
                        arm[0].run(); // the question's own deadline
                    }
                }
            });
        };
        session.setRawInput((s, buf, off, len) -> {
            boolean asked = check.isAsking();
            String reply = check.onInput(buf, off, len);
            send(s, reply);
            if (finish(s, check)) {
                timer[0].cancel();
            } else if (!asked && check.isAsking()) {
                arm[0].run(); // the question was just asked: its own deadline
            }
        });
        send(session, check.start());
        arm[0].run();
    }

    private static void send(Session s, String text) {
        if (!text.isEmpty()) {
            s.send(text);
        }
    }

    /** Acts on the outcome once there is one; true when the check is over. */
    private boolean finish(Session session, RobotCheck check) {
        RobotCheck.Outcome o = check.outcome();
        if (o == null) {
            return false;
        }
        session.setAttribute(ATTRIBUTE, o);
        session.setRawInput(null);
        if (o == RobotCheck.Outcome.FAILED) {
            LOG.info("{} robot check failed ({}); closing", session.addrport(), check.detail());
            session.close();
        } else {
            LOG.info("{} robot check {} ({})", session.addrport(), o.words(), check.detail());
            session.setAttribute(STARTED, Boolean.TRUE);
            app.onConnect(session);
        }
        return true;
    }

    private static boolean started(Session s) {
        return s.getAttribute(STARTED) != null;
    }

    // Everything else goes to the application; what only makes sense once it has the session
    // (lines, the end) only after the check passed.

    @Override
    public void onLine(Session session, String line) {
        if (started(session)) {
            app.onLine(session, line);
        }
    }

    @Override
    public void onDisconnect(Session session, DisconnectReason reason) {
        if (started(session)) {
            app.onDisconnect(session, reason);
        } else if (session.getAttribute(ATTRIBUTE) == null) {
            LOG.info("{} left during the robot check", session.addrport());
        }
    }

    @Override
    public void onWindowSize(Session session, int columns, int rows) {
        app.onWindowSize(session, columns, rows);
    }

    @Override
    public void onTerminalType(Session session, String terminalType) {
        app.onTerminalType(session, terminalType);
    }

    @Override
    public void onEnvironment(Session session, Map<String, String> variables) {
        app.onEnvironment(session, variables);
    }

    @Override
    public void onCharset(Session session, Charset charset) {
        app.onCharset(session, charset);
    }

    @Override
    public void onCommand(Session session, int command) {
        if (started(session)) {
            app.onCommand(session, command);
        }
    }

    @Override
    public void onLinemode(Session session, int mode) {
        app.onLinemode(session, mode);
    }

    @Override
    public void onGmcp(Session session, Gmcp.Message message) {
        if (started(session)) {
            app.onGmcp(session, message);
        }
    }

    @Override
    public void onMsdp(Session session, Map<String, Object> variables) {
        if (started(session)) {
            app.onMsdp(session, variables);
        }
    }

    @Override
    public void onOptionChange(Session session, NegotiationEvent event, Side side, int option) {
        app.onOptionChange(session, event, side, option);
    }

    @Override
    public void onSynch(Session session) {
        if (started(session)) {
            app.onSynch(session);
        }
    }

    @Override
    public void onStatus(Session session, Status.Report report, List<Status.Difference> differences) {
        app.onStatus(session, report, differences);
    }

    @Override
    public void onLogout(Session session) {
        app.onLogout(session);
    }

    @Override
    public void onLocation(Session session, String location) {
        app.onLocation(session, location);
    }

    @Override
    public void onTerminalSpeed(Session session, int transmit, int receive) {
        app.onTerminalSpeed(session, transmit, receive);
    }

    @Override
    public void onXDisplay(Session session, String display) {
        app.onXDisplay(session, display);
    }

    @Override
    public void onSubnegotiation(Session session, int option, byte[] payload, int off, int len) {
        app.onSubnegotiation(session, option, payload, off, len);
    }
}
