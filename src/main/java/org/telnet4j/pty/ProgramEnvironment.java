package org.telnet4j.pty;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The environment a hosted program starts with, built from nothing so that the server's own
 * environment (credentials, tokens, paths of the operator's account) does not leak to a program
 * a remote user drives.
 *
 * <p>What it holds, in this order (a later entry replaces an earlier one of the same name):
 * <ol>
 * <li>{@code TERM}: the client's terminal type, mapped by {@link TerminalNames};</li>
 * <li>{@code LANG}: {@code C.UTF-8} for a UTF-8 session, {@code C} for US-ASCII, else
 *     {@code en_US.<charset>} (a locale the host may lack; programs then fall back to C and pass
 *     the bytes through);</li>
 * <li>{@code HOME}, {@code USER}, {@code LOGNAME}: the account the server (and so the program)
 *     runs as, as the JVM knows it; {@code PATH}: {@value #DEFAULT_PATH};</li>
 * <li>the server's variables named with {@code --pty-env} ({@link PtyShell.Builder#passEnvironment}),
 *     those that are set;</li>
 * <li>variables the application sets ({@link PtyShell.Builder#environment}).</li>
 * </ol>
 * {@code LINES} and {@code COLUMNS} are not set: the program reads the size from the terminal,
 * where it follows NAWS, and fixed variables would go stale at the first resize. Variables the
 * client sent with NEW-ENVIRON are not passed: they are the remote user's to choose.
 */
final class ProgramEnvironment {
    /** The search path a program gets unless {@code PATH} is passed through. */
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private ProgramEnvironment() {
    }

    /**
     * The environment for one program.
     *
     * @param term the mapped TERM
     * @param charset the session's charset
     * @param pass names of server variables to pass through
     * @param serverEnv the server's environment (System::getenv)
     * @param extra variables the application sets
     */
    static Map<String, String> build(String term, Charset charset, Collection<String> pass,
                                     Function<String, String> serverEnv, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TERM", term);
        env.put("LANG", langFor(charset));
        putIfSet(env, "HOME", System.getProperty("user.home"));
        putIfSet(env, "USER", System.getProperty("user.name"));
        putIfSet(env, "LOGNAME", System.getProperty("user.name"));
        env.put("PATH", DEFAULT_PATH);
        for (String name : pass) {
            putIfSet(env, name, serverEnv.apply(name));
        }
        env.putAll(extra);
        return env;
    }

    /** {@code LANG} for a session charset. */
    static String langFor(Charset cs) {
        if (cs.equals(StandardCharsets.UTF_8)) {
            return "C.UTF-8";
        }
        if (cs.equals(StandardCharsets.US_ASCII)) {
            return "C";
        }
        return "en_US." + cs.name();
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null && !value.isEmpty()) {
            env.put(name, value);
        }
    }
}
