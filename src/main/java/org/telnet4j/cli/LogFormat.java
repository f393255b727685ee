package org.telnet4j.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --logfmt}: a log line format as telnetlib3 takes it, a Python {@code logging} format
 * ({@code "%(levelname)s %(filename)s:%(lineno)d %(message)s"}), turned into the logback pattern
 * that prints the same fields. A format without any {@code %(...)} field is taken as a logback
 * pattern already. Either way the line ends with a new line, as Python's handlers end it.
 */
final class LogFormat {
    /** Python's LogRecord attributes and the logback conversion words that print them. */
    private static final Map<String, String> FIELDS = Map.ofEntries(
        Map.entry("levelname", "level"),
        Map.entry("message", "msg"),
        Map.entry("name", "logger"),
        Map.entry("filename", "file"),
        Map.entry("lineno", "line"),
        Map.entry("module", "class{0}"),
        Map.entry("funcName", "method"),
        Map.entry("pathname", "class"),
        Map.entry("threadName", "thread"),
        Map.entry("thread", "thread"),
        Map.entry("asctime", "d{yyyy-MM-dd HH:mm:ss,SSS}"),
        Map.entry("msecs", "d{SSS}"),
        Map.entry("relativeCreated", "relative"));

    /** {@code %(name)} with Python's optional flags, width, precision and conversion type. */
    private static final Pattern FIELD =
        Pattern.compile("%\\((\\w+)\\)([-#0 +]*)(\\d*)(?:\\.(\\d+))?([sdifrxXeEgGa])");

    private LogFormat() {
    }

    /**
     * The logback pattern for {@code format}.
     *
     * @throws IllegalArgumentException naming a Python field that has no logback equivalent
     */
    static String toLogback(String format) {
        if (format.isEmpty()) {
            throw new IllegalArgumentException("--logfmt must not be empty");
        }
        String out;
        if (!format.contains("%(")) {
            out = format; // a logback pattern
        } else {
            StringBuilder b = new StringBuilder();
            Matcher m = FIELD.matcher(format);
            int at = 0;
            while (m.find()) {
                literal(format.substring(at, m.start()), b);
                String name = m.group(1);
                String word = FIELDS.get(name);
                if (name.equals("process")) {
                    word = null;
                    b.append(ProcessHandle.current().pid()); // fixed for the life of the process
                } else if (word == null) {
                    throw new IllegalArgumentException("--logfmt: %(" + name + ") has no equivalent here;"
                        + " use levelname, message, name, filename, lineno, module, funcName, pathname,"
                        + " threadName, process, asctime, msecs or relativeCreated");
                }
                if (word != null) {
                    b.append('%');
                    if (!m.group(3).isEmpty()) {
                        b.append(m.group(2).contains("-") ? "-" : "").append(m.group(3));
                    }
                    if (m.group(4) != null) {
                        b.append('.').append(m.group(4));
                    }
                    b.append(word);
                }
                at = m.end();
            }
            literal(format.substring(at), b);
            out = b.toString();
        }
        return out.endsWith("%n") ? out : out + "%n";
    }

    /** Python's literal text as logback literal text: {@code %%} is a percent sign. */
    private static void literal(String s, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 1 < s.length() && s.charAt(i + 1) == '%') {
                b.append("\\%");
                i++;
            } else if (c == '%' && s.startsWith("%(", i)) {
                throw new IllegalArgumentException("--logfmt: cannot read the field at '"
                    + s.substring(i) + "' (Python's %(name)s form)");
            } else if (c == '\\' || c == '(' || c == ')' || c == '%') {
                b.append('\\').append(c); // logback's special characters, as text
            } else {
                b.append(c);
            }
        }
    }
}
