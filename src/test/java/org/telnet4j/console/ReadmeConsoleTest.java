package org.telnet4j.console;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's embedded-console quick start compiles as written, against the library's classes. */
class ReadmeConsoleTest {
    @TempDir
    Path tmp;

    @Test
    void quickStartCompiles() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### An embedded console");
        assertTrue(section >= 0, "README has the section");
        int start = readme.indexOf("```java\n", section);
        int end = readme.indexOf("```\n", start + 8);
        assertTrue(start > section && end > start, "the section has a java block");
        String code = readme.substring(start + 8, end);
        assertTrue(code.contains("public class MyApp"), code);
        Path src = tmp.resolve("MyApp.java");
        Files.writeString(src, code);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, null)) {
            StringWriter out = new StringWriter();
            boolean ok = javac.getTask(out, fm, diags,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", tmp.toString(),
                    "--release", "17", "-Xlint:none"),
                null, fm.getJavaFileObjects(src)).call();
            assertTrue(ok, "README's console example does not compile:\n" + diags.getDiagnostics() + out);
        }
        assertTrue(Files.exists(tmp.resolve("MyApp.class")));
    }
}
