package org.telnet4j.fingerprint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The known-clients table: telnet hashes measured from real client programs, read from the
 * resource {@code known-clients.tsv} next to this class. Each line is {@code hash<TAB>name<TAB>how
 * it was measured}; {@code #} starts a comment. Two programs with the same telnet stack share a
 * hash, so one hash may name several.
 */
public final class KnownClients {
    private final Map<String, List<String>> names = new TreeMap<>();

    private KnownClients() {
    }

    /** The table shipped with telnet4j. */
    public static KnownClients load() {
        KnownClients k = new KnownClients();
        try (InputStream in = KnownClients.class.getResourceAsStream("known-clients.tsv")) {
            if (in == null) {
                return k;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length >= 2) {
                    k.names.computeIfAbsent(f[0].trim(), x -> new ArrayList<>()).add(f[1].trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read known-clients.tsv", e);
        }
        return k;
    }

    /** The clients known to give {@code hash}, empty when none is. */
    public List<String> names(String hash) {
        return names.getOrDefault(hash, List.of());
    }

    /** Every hash in the table with its clients. */
    public Map<String, List<String>> all() {
        return java.util.Collections.unmodifiableMap(names);
    }
}
