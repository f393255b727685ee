package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.server.TelnetServer;

/**
 * The Java sample under README's "### Clients" compiles as written, and its
 * {@code BlockingTelnetClient} part, run against the default server shell, reads the answer to
 * {@code status} as its first line, not the echo of the command (issue 11, defect 12).
 */
class ReadmeClientSampleTest {
    private static final String IMPORTS = "import java.nio.charset.StandardCharsets;\n"
        + "import java.time.Duration;\nimport java.util.List;\nimport java.util.regex.Pattern;\n"
        + "import org.telnet4j.client.*;\nimport org.telnet4j.protocol.TelnetOption;\n";

    @TempDir
    Path tmp;

    private static String sample() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("\n### Clients\n");
        assertTrue(section >= 0, "README has no '### Clients' section");
        int start = readme.indexOf("```java\n", section);
        int end = readme.indexOf("\n```", start + 8);
        assertTrue(start >= 0 && end > start, "no java block under '### Clients'");
        return readme.substring(start + 8, end + 1);
    }

    /** Compiles {@code source} as class {@code name}; returns a loader for it. */
    private ClassLoader compile(String name, String source) throws Exception {
        Path src = tmp.resolve(name + ".java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK");
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
            List.of("-d", tmp.toString(), "-cp", System.getProperty("java.class.path")), null,
            javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(src.toFile()))
            .call();
        assertTrue(ok, "README sample does not compile:\n" + diagnostics + "\n" + source);
        return new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void theClientsSampleCompilesAsWritten() throws Exception {
        compile("ClientsSample", IMPORTS + "class ClientsSample {\n static void run() throws Exception {\n"
            + sample() + " }\n}\n");
    }

    @Test
    void theBlockingClientSampleReadsTheAnswerNotTheEcho() throws Exception {
        String s = sample();
        int from = s.indexOf("try (BlockingTelnetClient");
        assertTrue(from >= 0, "no BlockingTelnetClient sample:\n" + s);
        String block = s.substring(from);
        // Loopback and this test's port instead of 6023; hand the line read back to the test.
        block = block.replace("\"localhost\", 6023", "\"127.0.0.1\", port");
        Matcher m = Pattern.compile("String (\\w+) = c\\.readLine\\(([^;]*)\\);").matcher(block);
        assertTrue(m.find(), "the sample reads a line: " + block);
        block = block.substring(0, m.end()) + " result.add(" + m.group(1) + ");" + block.substring(m.end());

        TelnetServer server = TelnetServer.builder().host("127.0.0.1").port(0).shell(new DefaultShell()).build();
        server.bind();
        server.start();
        try {
            int port = server.localAddress().getPort();
            ClassLoader loader = compile("BlockingSample", IMPORTS + "public class BlockingSample {\n"
                + " public static void run(int port, java.util.List<String> result) throws Exception {\n"
                + block + " }\n}\n");
            Method run = loader.loadClass("BlockingSample").getMethod("run", int.class, List.class);
            List<String> result = new ArrayList<>();
            run.invoke(null, port, result);
            assertEquals(1, result.size());
            String first = result.get(0);
            assertNotNull(first, "no line within the sample's timeout");
            assertTrue(first.startsWith("peer:"), "the first line read is the answer to status, got '"
                + first + "'");
        } finally {
            server.shutdown(Duration.ofSeconds(2));
        }
    }
}
