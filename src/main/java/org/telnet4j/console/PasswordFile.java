package org.telnet4j.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Authenticator} over a file of salted password hashes, one user a line:
 *
 * <pre>{@code user:pbkdf2-sha256:ITERATIONS:SALT:HASH}</pre>
 *
 * with salt and hash in Base64; {@code #} starts a comment. The hash is PBKDF2 with HMAC-SHA256
 * from the JDK ({@code PBKDF2WithHmacSHA256}, RFC 8018 section 5.2), 16 bytes of random salt,
 * 32 bytes of output and {@link #DEFAULT_ITERATIONS} iterations unless the line says otherwise.
 * The file is read again when it changes, so users can be added while the program runs.
 * Comparison is constant-time, and an unknown user costs the same hashing as a known one.
 *
 * <p>Add a user (asks for the password twice, or reads one line from standard input when there
 * is no terminal):
 *
 * <pre>{@code bin/telnet4j-example adduser FILE USER}</pre>
 *
 * or {@code java -cp target/classes org.telnet4j.console.PasswordFile add FILE USER}.
 */
public final class PasswordFile implements Authenticator {
    /** PBKDF2 iterations for new lines (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final Logger LOG = LoggerFactory.getLogger(PasswordFile.class);

    private record Entry(int iterations, byte[] salt, byte[] hash) { }

    private final Path file;
    private Map<String, Entry> users = Map.of();
    private FileTime loaded;

    private PasswordFile(Path file) {
        this.file = file;
    }

    /**
     * An authenticator over {@code file}.
     *
     * @throws IOException if the file cannot be read or a line is malformed (the message names it)
     */
    public static PasswordFile load(Path file) throws IOException {
        PasswordFile p = new PasswordFile(file);
        p.reload();
        return p;
    }

    /** The users in the file. */
    public synchronized List<String> users() {
        return new ArrayList<>(users.keySet());
    }

    private synchronized void reload() throws IOException {
        FileTime t = Files.getLastModifiedTime(file);
        if (t.equals(loaded)) {
            return;
        }
        Map<String, Entry> m = new HashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":");
            try {
                if (f.length != 5 || !f[1].equals(SCHEME)) {
                    throw new IllegalArgumentException("expected user:" + SCHEME + ":ITERATIONS:SALT:HASH");
                }
                m.put(f[0], new Entry(Integer.parseInt(f[2]), Base64.getDecoder().decode(f[3]),
                    Base64.getDecoder().decode(f[4])));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + n + ": " + e.getMessage());
            }
        }
        users = m;
        loaded = t;
    }

    @Override
    public boolean authenticate(String user, char[] password) {
        Entry e;
        try {
            reload();
        } catch (IOException ex) {
            LOG.warn("password file not re-read, keeping the users read before: {}", ex.getMessage());
        }
        synchronized (this) {
            e = users.get(user);
            if (e == null) { // same work for an unknown user: hash against a stand-in entry
                Entry any = users.values().stream().findFirst().orElse(null);
                int it = any == null ? DEFAULT_ITERATIONS : any.iterations();
                e = new Entry(it, new byte[16], new byte[32]);
                user = null;
            }
        }
        byte[] h = hash(password, e.salt(), e.iterations(), e.hash().length * 8);
        boolean same = MessageDigest.isEqual(h, e.hash());
        return same && user != null;
    }

    /** A line for the file: {@code user} with a new random salt. */
    public static String line(String user, char[] password, int iterations) {
        if (user.isEmpty() || user.contains(":") || user.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a user name has no ':' or spaces and is not empty");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] h = hash(password, salt, iterations, 256);
        Base64.Encoder b = Base64.getEncoder();
        return user + ":" + SCHEME + ":" + iterations + ":" + b.encodeToString(salt) + ":" + b.encodeToString(h);
    }

    /**
     * Writes {@code user}'s line into {@code file}, replacing an earlier one for that user; creates
     * the file readable by its owner only.
     */
    public static void add(Path file, String user, char[] password, int iterations) throws IOException {
        String entry = line(user, password, iterations);
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!l.startsWith(user + ":")) {
                    lines.add(l);
                }
            }
        } else if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        lines.add(entry);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static byte[] hash(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** {@code add FILE USER [ITERATIONS]}: adds or replaces a user's line. */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4 || !args[0].equals("add")) {
            System.err.println("usage: bin/telnet4j-example adduser FILE USER [ITERATIONS]  (or: PasswordFile add FILE USER [ITERATIONS])");
            System.exit(2);
        }
        int iterations = DEFAULT_ITERATIONS;
        try {
            if (args.length == 4) {
                iterations = Integer.parseInt(args[3]);
            }
            if (iterations < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            System.err.println("error: ITERATIONS must be a positive number, was '" + args[3] + "'");
            System.exit(2);
        }
        char[] pw;
        Console c = System.console();
        if (c != null) {
            pw = c.readPassword("Password for %s: ", args[2]);
            char[] again = c.readPassword("Again: ");
            if (pw == null || again == null || !Arrays.equals(pw, again)) {
                System.err.println("error: the passwords differ; nothing written");
                System.exit(1);
            }
        } else {
            String l = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            pw = l == null ? new char[0] : l.toCharArray();
        }
        if (pw.length == 0) {
            System.err.println("error: empty password; nothing written");
            System.exit(1);
        }
        try {
            add(Path.of(args[1]), args[2], pw, iterations);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("error: cannot write " + args[1] + ": " + e.getMessage());
            System.exit(1);
        }
        Arrays.fill(pw, '\0');
        System.out.println("added " + args[2] + " to " + args[1]);
    }
}
