package org.telnet4j.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.platform.commons.util.ClassUtils;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the Jazzer fuzz tests ({@code @FuzzTest}) in fuzzing mode, each for a given time, one JVM
 * per test: libFuzzer keeps global state, so Jazzer fuzzes only one test per JVM. This is what
 * {@code bin/telnet4j-fuzz} and {@code .ci/run} call; it is cheaper than one Maven run per test.
 *
 * <pre>
 * FuzzRunner [--seconds N] [--jobs N] [Class#method ...]   every fuzz test when none is named
 * </pre>
 *
 * <p>Jazzer takes the run time from {@code @FuzzTest(maxDuration)}; the libFuzzer arguments
 * passed as the {@code jazzer.internal.arg.N} configuration parameters come after it on
 * libFuzzer's command line and so win ({@code FuzzTestExecutor.prepare} in jazzer-junit 0.24.0).
 * New inputs go to {@code .cifuzz-corpus/<class>/<method>/}, crashing ones to the test's inputs
 * directory under {@code src/test/resources} when it exists (then they replay in
 * {@code mvn verify}). Exit status 1 if any fuzz test failed, that is found a crash.
 */
public final class FuzzRunner {
    private FuzzRunner() {
    }

    /**
     * Runs the fuzz tests.
     *
     * @param args {@code [--seconds N] [--jobs N] [--child] [Class#method ...]}: each test fuzzes for
     *     N seconds, N JVMs at a time, each writing to {@code target/fuzz-logs/<test>.log}
     * @throws Exception if a child JVM cannot be started
     */
    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int jobs = 1;
        boolean child = false;
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds": seconds = Integer.parseInt(args[++i]); break;
                case "--jobs": jobs = Math.max(1, Integer.parseInt(args[++i])); break;
                case "--child": child = true; break;
                default: targets.add(args[i]);
            }
        }
        if (child) {
            System.exit(runHere(targets.get(0), seconds) ? 0 : 1);
        }
        if (targets.isEmpty()) {
            targets = discover();
        }
        Path logs = Paths.get("target", "fuzz-logs");
        Files.createDirectories(logs);
        System.out.printf("fuzz: %d fuzz tests, %d s each, %d at a time; logs in %s%n", targets.size(),
            seconds, jobs, logs);
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        int secs = seconds;
        List<Future<?>> runs = new ArrayList<>();
        for (String t : targets) {
            runs.add(pool.submit(() -> {
                Path log = logs.resolve(t.replaceAll("[^A-Za-z0-9.#_-]", "_") + ".log");
                long start = System.nanoTime();
                int rc = runChild(t, secs, log.toFile());
                System.out.printf("fuzz: %s %s after %.1f s%n", t, rc == 0 ? "passed" : "FAILED",
                    (System.nanoTime() - start) / 1e9);
                if (rc != 0) {
                    failed.add(t);
                    printTail(t, log);
                }
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get();
        }
        pool.shutdown();
        // The plain closing line CI reads: fuzz tests that found no crash, and those that did.
        System.out.println("fuzz: " + (targets.size() - failed.size()) + " passed, " + failed.size() + " failed");
        if (!failed.isEmpty()) {
            System.out.println("fuzz: crashes in " + failed + "; each crashing input is now a crash-* file in"
                + " the test's inputs directory under src/test/resources (README, Fuzzing)");
            System.exit(1);
        }
    }

    /** The end of a failed run's log: the finding, its stack trace and where its input went. */
    private static synchronized void printTail(String target, Path log) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            if (!l.startsWith("INFO: Instrumented") && !l.startsWith("#")) {
                lines.add(l);
            }
        }
        System.out.println("fuzz: ---- " + target + " (full log " + log + ")");
        lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.out::println);
        System.out.println("fuzz: ----");
    }

    /** Every {@code @FuzzTest} method on the class path (Jazzer tags them "jazzer"). */
    static List<String> discover() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(selectPackage("org.telnet4j")).filters(TagFilter.includeTags("jazzer")).build();
        TestPlan plan = LauncherFactory.create().discover(request);
        List<String> out = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.getSource().orElse(null) instanceof MethodSource) {
                    MethodSource m = (MethodSource) id.getSource().get();
                    String name = m.getClassName() + "#" + m.getMethodName() + "(" + m.getMethodParameterTypes() + ")";
                    if (!out.contains(name)) {
                        out.add(name);
                    }
                }
            }
        }
        return out;
    }

    /** {@code Class#method} as {@code Class#method(types)}: JUnit needs the parameter types. */
    private static String withParameterTypes(String target) throws ClassNotFoundException {
        if (target.indexOf('(') >= 0) {
            return target;
        }
        int hash = target.indexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("not Class#method: " + target);
        }
        for (Method m : Class.forName(target.substring(0, hash)).getDeclaredMethods()) {
            if (m.getName().equals(target.substring(hash + 1))) {
                return target + "(" + ClassUtils.nullSafeToString(m.getParameterTypes()) + ")";
            }
        }
        throw new IllegalArgumentException("no method " + target);
    }

    private static int runChild(String target, int seconds, File log) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        // A bounded heap and the serial collector: the machine's other work keeps its cores.
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp",
            System.getProperty("java.class.path"), FuzzRunner.class.getName(), "--child", "--seconds",
            String.valueOf(seconds), target);
        pb.environment().put("JAZZER_FUZZ", "1");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        Files.deleteIfExists(log.toPath());
        Process p = pb.start();
        // A fuzz input that makes the target spin (an endless loop is a finding too) must not
        // hold CI for its whole budget: past the run's length plus start-up, it is a failure.
        long limit = seconds + CHILD_GRACE_SECONDS;
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            Files.writeString(log.toPath(), "\nfuzz: " + target + " still running after " + limit
                + " s: killed (an input made it hang; see the last input above)\n",
                StandardOpenOption.APPEND);
            return 124;
        }
        return p.exitValue();
    }

    /** Start-up and instrumentation time allowed a fuzz JVM beyond its run length. */
    private static final long CHILD_GRACE_SECONDS = 120;

    private static boolean runHere(String target, int seconds) throws ClassNotFoundException {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(selectMethod(withParameterTypes(target)))
            .configurationParameter("jazzer.internal.arg.0", "fuzz")
            .configurationParameter("jazzer.internal.arg.1", "-max_total_time=" + seconds)
            .build();
        Launcher launcher = LauncherFactory.create();
        boolean[] ok = {true};
        int[] ran = {0};
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    ran[0]++;
                }
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    ok[0] = false;
                    System.out.println("fuzz: " + id.getDisplayName() + ": " + result.getStatus());
                    result.getThrowable().ifPresent(Throwable::printStackTrace);
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                ok[0] = false; // a fuzz test that does not run proves nothing
                System.out.println("fuzz: " + id.getDisplayName() + " skipped: " + reason);
            }
        });
        if (ran[0] == 0) {
            System.out.println("fuzz: no test ran for " + target);
            return false;
        }
        return ok[0];
    }
}
