package org.telnet4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package layering, checked on the compiled classes (issue 13 item 6). Every class file under
 * {@code target/classes} is read and the classes it names in its constant pool (class entries, the
 * descriptors of the members it calls and declares, generic signatures) are checked against
 * {@link #RULES}: a reference written as a fully qualified name in the source lands in the constant
 * pool like an imported one, so it is caught too. String literals are not references and are not
 * read.
 *
 * <p>The rules, one row per package ("family" rows cover the sub-packages; a package may always use
 * itself and, for a family, its members):
 *
 * <pre>
 * package               may use of telnet4j                                   I/O-free
 * bytes                 nothing                                               yes
 * protocol              bytes                                                 yes
 * charset               bytes, protocol                                       yes
 * option, option.*      bytes, protocol, charset                              yes
 * proxy                 bytes, protocol                                       yes
 * tls                   bytes
 * loop                  bytes, protocol, charset, option.*, proxy, tls
 * server                bytes, protocol, charset, option.*, proxy, tls, loop
 * client                bytes, protocol, charset, option.*, proxy, tls, loop
 * console               the above and server
 * fingerprint           the above (not server) and client
 * pty                   the above (not client) and server, jtermios
 * jtermios              nothing
 * cli, examples         anything (the top: nothing else uses them)
 * </pre>
 *
 * <p>So: loop knows no server, client or session; server and client never use each other; cli and
 * examples sit at the top. "I/O-free" forbids sockets, channels, files, streams other than
 * in-memory ones, threads and processes ({@link #IO_CLASSES}). A package missing from the table
 * fails the test, so a new package gets a rule when it is made. {@link #KNOWN} lists the
 * violations that are accepted for now, each named with its reason; it is empty.
 */
class LayeringTest {

    private static final String T = "org/telnet4j/";

    /** One row of the table: a package (or a family: the package and its sub-packages). */
    private record Rule(String pkg, boolean family, Set<String> mayUse, boolean ioFree) {
        boolean covers(String p) {
            return p.equals(pkg) || family && p.startsWith(pkg + "/");
        }

        boolean allows(String from, String to) {
            if (to.equals(from) || covers(to)) {
                return true;
            }
            for (String u : mayUse) {
                if (u.equals("*") || to.equals(u) || u.endsWith("/*") && (to + "/").startsWith(u.substring(0, u.length() - 1))
                        || u.endsWith("/*") && to.equals(u.substring(0, u.length() - 2))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final String OPTION = T + "option/*";

    private static Rule rule(String pkg, boolean family, boolean ioFree, String... mayUse) {
        Set<String> m = new TreeSet<>();
        for (String u : mayUse) {
            m.add(u.equals("*") || u.equals("jtermios") ? u : u.equals("option") ? OPTION : T + u);
        }
        return new Rule(pkg.equals("jtermios") ? pkg : T + pkg, family, m, ioFree);
    }

    /** The table of the class comment (and of README's "The library"). */
    static final List<Rule> RULES = List.of(
        rule("bytes", false, true),
        rule("protocol", false, true, "bytes"),
        rule("charset", false, true, "bytes", "protocol"),
        rule("option", true, true, "bytes", "protocol", "charset"),
        rule("proxy", false, true, "bytes", "protocol"),
        rule("tls", false, false, "bytes"),
        rule("loop", false, false, "bytes", "protocol", "charset", "option", "proxy", "tls"),
        rule("server", false, false, "bytes", "protocol", "charset", "option", "proxy", "tls", "loop"),
        rule("client", false, false, "bytes", "protocol", "charset", "option", "proxy", "tls", "loop"),
        rule("console", false, false, "bytes", "protocol", "charset", "option", "proxy", "tls", "loop", "server"),
        rule("fingerprint", false, false, "bytes", "protocol", "charset", "option", "proxy", "tls", "loop",
            "client"),
        rule("pty", false, false, "bytes", "protocol", "charset", "option", "proxy", "tls", "loop", "server",
            "jtermios"),
        rule("jtermios", false, false),
        rule("cli", false, false, "*"),
        rule("examples", false, false, "*"));

    /**
     * Violations accepted for now: "from-class -> to-class" with the reason. Each one is printed
     * by the test so it stays visible; none today.
     */
    static final Map<String, String> KNOWN = Map.of();

    /** What an I/O-free package must not name (prefixes of internal class names). */
    static final List<String> IO_CLASSES = List.of(
        "java/net/Socket", "java/net/ServerSocket", "java/net/DatagramSocket", "java/net/URL",
        "java/net/http/", "java/nio/channels/", "java/nio/file/", "java/io/File", "java/io/RandomAccessFile",
        "java/io/InputStream;", "java/io/OutputStream;", "java/io/Reader;", "java/io/Writer;",
        "java/lang/Thread;", "java/lang/ProcessBuilder", "java/lang/Process;", "java/util/concurrent/Executor",
        "javax/net/");

    @Test
    void everyPackageUsesOnlyWhatItsRuleAllows() throws IOException {
        Map<String, Set<String>> refs = referencesOf(Path.of("target", "classes"));
        assertTrue(refs.size() > 200, "too few classes read from target/classes: " + refs.size());
        assertTrue(refs.get(T + "server/TelnetServer").contains(T + "loop/EventLoop"),
            "the reader missed a reference: " + refs.get(T + "server/TelnetServer"));
        List<String> found = violations(refs);
        List<String> unexpected = new ArrayList<>();
        for (String v : found) {
            String key = v.contains(" (") ? v.substring(0, v.indexOf(" (")) : v;
            if (KNOWN.containsKey(key)) {
                System.out.println("known layering exception: " + v + " (" + KNOWN.get(key) + ")");
            } else {
                unexpected.add(v);
            }
        }
        if (!unexpected.isEmpty()) {
            fail(unexpected.size() + " layering violation(s):\n  " + String.join("\n  ", unexpected));
        }
    }

    @Test
    void theCheckerNamesTheClassAndTheReference() {
        Map<String, Set<String>> refs = new TreeMap<>();
        refs.put(T + "protocol/Fake", Set.of(T + "server/Session", T + "bytes/ByteSink", "java/lang/String"));
        refs.put(T + "server/Fake", Set.of(T + "client/TelnetClient"));
        refs.put(T + "proxy/Fake", Set.of("java/nio/channels/SocketChannel"));
        refs.put(T + "option/mud/Fake", Set.of(T + "option/TerminalType", T + "loop/EventLoop"));
        refs.put(T + "loop/Fake", Set.of(T + "option/mud/Mccp"));
        refs.put(T + "cli/Fake", Set.of(T + "server/Session", T + "client/TelnetClient"));
        refs.put(T + "newpkg/Fake", Set.of());
        assertEquals(List.of(
            "org.telnet4j.newpkg.Fake: package org.telnet4j.newpkg has no layering rule (add one to LayeringTest"
                + " and README)",
            "org.telnet4j.option.mud.Fake -> org.telnet4j.loop.EventLoop (option.* may use only bytes, charset,"
                + " protocol)",
            "org.telnet4j.protocol.Fake -> org.telnet4j.server.Session (protocol may use only bytes)",
            "org.telnet4j.proxy.Fake -> java.nio.channels.SocketChannel (proxy is I/O-free)",
            "org.telnet4j.server.Fake -> org.telnet4j.client.TelnetClient (server may use only bytes, charset,"
                + " loop, option.*, protocol, proxy, tls)"),
            violations(refs));
    }

    /** A fully qualified name in the source, never imported, is still a reference. */
    @Test
    void aFullyQualifiedReferenceIsCaught(@TempDir Path dir) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path src = dir.resolve("src/org/telnet4j/protocol/Upward.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package org.telnet4j.protocol;\n"
            + "class Upward {\n"
            + "    static int port(org.telnet4j.server.TelnetServer s) { return 0; }\n"
            + "    static Object loop() { return org.telnet4j.loop.EventLoop.class; }\n"
            + "    static java.util.List<org.telnet4j.client.TelnetClient> none() { return null; }\n"
            + "}\n");
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-d", out.toString(), "-cp", Path.of("target", "classes").toString(),
            src.toString());
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        Map<String, Set<String>> refs = referencesOf(out);
        assertEquals(List.of(
            "org.telnet4j.protocol.Upward -> org.telnet4j.client.TelnetClient (protocol may use only bytes)",
            "org.telnet4j.protocol.Upward -> org.telnet4j.loop.EventLoop (protocol may use only bytes)",
            "org.telnet4j.protocol.Upward -> org.telnet4j.server.TelnetServer (protocol may use only bytes)"),
            violations(refs));
    }

    // ------------------------------------------------------------------------------------ checking

    /** One line per offending reference, sorted: "from -> to (why)". */
    static List<String> violations(Map<String, Set<String>> refs) {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, Set<String>> e : refs.entrySet()) {
            String cls = e.getKey();
            String from = packageOf(cls);
            if (!from.startsWith(T) && !from.equals("jtermios")) {
                continue;
            }
            Rule r = RULES.stream().filter(x -> x.covers(from)).findFirst().orElse(null);
            if (r == null) {
                out.add(dotted(cls) + ": package " + dotted(from) + " has no layering rule (add one to LayeringTest"
                    + " and README)");
                continue;
            }
            for (String to : e.getValue()) {
                String toPkg = packageOf(to);
                boolean ours = toPkg.startsWith(T) || toPkg.equals("jtermios");
                if (ours && !r.allows(from, toPkg)) {
                    out.add(dotted(cls) + " -> " + dotted(to) + " (" + name(r) + " may use only " + allowed(r) + ")");
                } else if (!ours && r.ioFree && IO_CLASSES.stream().anyMatch(p -> (to + ";").startsWith(p))) {
                    out.add(dotted(cls) + " -> " + dotted(to) + " (" + name(r) + " is I/O-free)");
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static String name(Rule r) {
        return dotted(r.pkg).replace("org.telnet4j.", "") + (r.family ? ".*" : "");
    }

    private static String allowed(Rule r) {
        if (r.mayUse.isEmpty()) {
            return "nothing of telnet4j";
        }
        List<String> names = new ArrayList<>();
        for (String u : r.mayUse) {
            names.add(dotted(u).replace("org.telnet4j.", ""));
        }
        return String.join(", ", names);
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    private static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }

    // ------------------------------------------------------------------------------ class reading

    /** Internal name of each class under {@code root} to the internal names of the classes it names. */
    static Map<String, Set<String>> referencesOf(Path root) throws IOException {
        Map<String, Set<String>> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                try (InputStream in = Files.newInputStream(f)) {
                    ClassRefs c = ClassRefs.read(new DataInputStream(in));
                    all.put(c.name, c.refs);
                }
            }
        }
        return all;
    }

    /** Class names in a descriptor or signature: {@code Lpkg/Name;} or {@code Lpkg/Name<}. */
    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    /**
     * The class-file reader (JVMS 4.1, 4.4): the constant pool, then the class's own members and
     * attributes, to reach the descriptors and generic signatures of what it declares.
     */
    private static final class ClassRefs {
        final String name;
        final Set<String> refs = new TreeSet<>();

        private ClassRefs(String name) {
            this.name = name;
        }

        static ClassRefs read(DataInputStream in) throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int n = in.readUnsignedShort();
            String[] utf = new String[n];
            List<Integer> classNames = new ArrayList<>();
            int[] classNameAt = new int[n];
            List<Integer> descriptors = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf[i] = in.readUTF();
                    case 7 -> {                                                          // Class
                        classNameAt[i] = in.readUnsignedShort();
                        classNames.add(classNameAt[i]);
                    }
                    case 16 -> descriptors.add(in.readUnsignedShort());                  // MethodType
                    case 12 -> {                                                         // NameAndType
                        in.readUnsignedShort();
                        descriptors.add(in.readUnsignedShort());
                    }
                    case 8, 19, 20 -> in.readUnsignedShort();                            // String, Module, Package
                    case 3, 4, 9, 10, 11, 17, 18 -> in.readInt();
                    case 15 -> {                                                         // MethodHandle
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    case 5, 6 -> {                                                       // Long, Double: two slots
                        in.readLong();
                        i++;
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();
            ClassRefs c = new ClassRefs(utf[classNameAt[in.readUnsignedShort()]]);
            for (int idx : classNames) {
                String s = utf[idx];
                if (s.startsWith("[")) {
                    c.descriptor(s);
                } else {
                    c.refs.add(s);
                }
            }
            for (int idx : descriptors) {
                c.descriptor(utf[idx]);
            }
            in.readUnsignedShort();                                                     // super: a Class entry
            int interfaces = in.readUnsignedShort();
            for (int i = 0; i < interfaces; i++) {
                in.readUnsignedShort();
            }
            for (int kind = 0; kind < 2; kind++) {                                       // fields, then methods
                int members = in.readUnsignedShort();
                for (int m = 0; m < members; m++) {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    c.descriptor(utf[in.readUnsignedShort()]);
                    c.attributes(in, utf);
                }
            }
            c.attributes(in, utf);
            c.refs.remove(c.name);
            return c;
        }

        private void attributes(DataInputStream in, String[] utf) throws IOException {
            int count = in.readUnsignedShort();
            for (int a = 0; a < count; a++) {
                String attr = utf[in.readUnsignedShort()];
                int len = in.readInt();
                if (attr.equals("Signature")) {
                    descriptor(utf[in.readUnsignedShort()]);
                } else {
                    in.skipNBytes(len);
                }
            }
        }

        private void descriptor(String d) {
            Matcher m = IN_DESCRIPTOR.matcher(d);
            while (m.find()) {
                refs.add(m.group(1));
            }
        }
    }
}
