package org.telnet4j.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.TelnetParser;
import org.telnet4j.protocol.TelnetParserListener;

/**
 * Throughput of {@link TelnetParser} on three ~1 MiB synthetic streams (see {@link Corpus}).
 *
 * <p>One operation parses the whole corpus once, fed in 16 KiB chunks as socket reads would
 * deliver it. The primary score is therefore corpora per second; the secondary metric
 * {@code :bytes} (an {@link AuxCounters} counter, printed by JMH as "ops/s") is input bytes per
 * second, so MB/s = {@code :bytes} / 10^6 (equivalently ops/s x corpus bytes / 10^6; the exact
 * corpus sizes are printed to stderr in setup).
 *
 * <p>{@code baselineFindIac} is the "speed of light": a plain byte loop over the same chunks that
 * only counts 0xFF bytes, i.e. the least work any telnet parser must do.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar ParserBenchmark -p corpus=plain,mud,negotiation}
 * (add {@code -prof gc} to check that parsing allocates nothing).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class ParserBenchmark {

    /** A socket read's worth of input. */
    static final int CHUNK = 16 * 1024;

    @Param({"plain", "mud", "negotiation"})
    public String corpus;

    private byte[] input;
    private CountingListener listener;
    private TelnetParser parser;

    /**
     * Input bytes processed, reported by JMH as a rate next to the primary score. Reset at every
     * iteration, as JMH expects of {@code @AuxCounters}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /**
     * Consumes events cheaply: counts them and sums the lengths. It reads the length of each slice,
     * never its bytes (a real consumer's cost per byte is not the parser's).
     */
    static final class CountingListener implements TelnetParserListener {
        long dataEvents;
        long dataBytes;
        long commands;
        long negotiations;
        long subnegotiations;
        long subnegotiationBytes;
        long warnings;
        /** Mixes the command, verb and option values in, so they are not dead either. */
        long mix;

        @Override
        public void onData(byte[] buf, int off, int len) {
            dataEvents++;
            dataBytes += len;
        }

        @Override
        public void onCommand(int command) {
            commands++;
            mix += command;
        }

        @Override
        public void onNegotiation(int verb, int option) {
            negotiations++;
            mix += verb ^ option;
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            subnegotiations++;
            subnegotiationBytes += len;
            mix += option;
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            warnings++;
        }

        void clear() {
            dataEvents = 0;
            dataBytes = 0;
            commands = 0;
            negotiations = 0;
            subnegotiations = 0;
            subnegotiationBytes = 0;
            warnings = 0;
            mix = 0;
        }

        /** Everything folded into one value, for the Blackhole. */
        long fold() {
            return dataEvents + 31 * dataBytes + 17 * commands + 13 * negotiations
                + 11 * subnegotiations + 7 * subnegotiationBytes + 5 * warnings + 3 * mix;
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        Corpus c = Corpus.of(corpus);
        input = c.bytes;
        listener = new CountingListener();
        parser = new TelnetParser(listener);

        // Check once, outside measurement, that the parser reads the corpus as generated.
        parseOnce();
        if (listener.warnings != 0 || parser.isInsideCommand()
                || listener.negotiations != c.negotiations || listener.commands != c.commands
                || listener.subnegotiations != c.subnegotiations
                || countIac() != c.iacBytes) {
            throw new IllegalStateException("corpus " + corpus + " not parsed as generated: warnings="
                + listener.warnings + " negotiations=" + listener.negotiations + "/" + c.negotiations
                + " commands=" + listener.commands + "/" + c.commands + " subnegotiations="
                + listener.subnegotiations + "/" + c.subnegotiations);
        }
        System.err.printf(Locale.ROOT,
            "%n[corpus %s] %d bytes (%.4f MiB); IAC-sequence bytes %d = %.1f%%; with CR NUL pairs"
                + " %.1f%%; 0xFF bytes %d; events: data %d, commands %d, negotiations %d,"
                + " subnegotiations %d; MB/s = ops/s x %.6f%n",
            corpus, input.length, input.length / 1048576.0, c.iacSequenceBytes,
            100 * c.commandFraction(), 100.0 * (c.iacSequenceBytes + 2 * c.crNulBytes) / input.length,
            c.iacBytes, listener.dataEvents, listener.commands, listener.negotiations,
            listener.subnegotiations, input.length / 1e6);
        listener.clear();
    }

    private void parseOnce() {
        final byte[] in = input;
        final TelnetParser p = parser;
        for (int off = 0; off < in.length; off += CHUNK) {
            p.feed(in, off, Math.min(CHUNK, in.length - off));
        }
    }

    private long countIac() {
        final byte[] in = input;
        long n = 0;
        for (int off = 0; off < in.length; off += CHUNK) {
            final int end = Math.min(off + CHUNK, in.length);
            for (int i = off; i < end; i++) {
                if (in[i] == (byte) 0xFF) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The whole corpus through the parser, in 16 KiB feeds; listener totals go to the Blackhole. */
    @Benchmark
    public void parse(Blackhole bh, Bytes counter) {
        listener.clear();
        parseOnce();
        bh.consume(listener.fold());
        counter.bytes += input.length;
    }

    /** Speed of light: the same chunks, only counting the 0xFF bytes. */
    @Benchmark
    public long baselineFindIac(Bytes counter) {
        counter.bytes += input.length;
        return countIac();
    }
}
