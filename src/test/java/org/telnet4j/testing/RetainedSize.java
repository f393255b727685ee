package org.telnet4j.testing;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An estimate of the heap one object holds: what a peer can make a connection keep. It walks the
 * fields of telnet4j objects (by reflection; static fields are shared and skipped) and reads JDK
 * containers through their public API, so it needs no {@code --add-opens}: a {@link String} is
 * 40 bytes plus two per char, an array 16 plus its elements, a {@link Collection} or {@link Map}
 * 16 per element (32 per entry) plus the elements, a {@link StringBuilder} its capacity, a
 * {@link Buffer} its capacity, a {@link ByteArrayOutputStream} its size. Other JDK objects
 * (charset decoders, zlib, sockets, futures) count 16 bytes and are not walked: they are fixed
 * per connection, not filled by the peer. Objects of the classes given as shared (the server,
 * its settings, the event loop, the application's handler) are not counted at all.
 */
public final class RetainedSize {
    private final List<Class<?>> shared;
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Deque<Object> todo = new ArrayDeque<>();

    private RetainedSize(List<Class<?>> shared) {
        this.shared = shared;
    }

    /**
     * Estimates the bytes {@code root} holds.
     *
     * @param root the object, a session for one
     * @param shared classes whose instances belong to everyone (never counted nor walked)
     * @return the estimate in bytes
     */
    public static long of(Object root, Class<?>... shared) {
        RetainedSize r = new RetainedSize(List.of(shared));
        r.add(root);
        long total = 0;
        while (!r.todo.isEmpty()) {
            total += r.visit(r.todo.pop());
        }
        return total;
    }

    private void add(Object o) {
        if (o == null || o instanceof Class || o instanceof Enum || o instanceof Thread) {
            return;
        }
        for (Class<?> c : shared) {
            if (c.isInstance(o)) {
                return;
            }
        }
        if (seen.add(o)) {
            todo.push(o);
        }
    }

    private long visit(Object o) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            int n = Array.getLength(o);
            if (c.getComponentType().isPrimitive()) {
                return 16L + (long) n * primitiveSize(c.getComponentType());
            }
            for (int i = 0; i < n; i++) {
                add(Array.get(o, i));
            }
            return 16L + 8L * n;
        }
        if (o instanceof String) {
            return 40L + 2L * ((String) o).length();
        }
        if (o instanceof StringBuilder) {
            return 40L + 2L * ((StringBuilder) o).capacity();
        }
        if (o instanceof Buffer) {
            return 48L + (long) ((Buffer) o).capacity() * (o instanceof java.nio.ByteBuffer ? 1 : 2);
        }
        if (o instanceof ByteArrayOutputStream) {
            return 32L + ((ByteArrayOutputStream) o).size();
        }
        if (c.getName().startsWith("org.telnet4j.")) {
            return fields(o, c);
        }
        if (o instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) o;
            for (Map.Entry<?, ?> e : new ArrayList<>(m.entrySet())) {
                add(e.getKey());
                add(e.getValue());
            }
            return 48L + 32L * m.size();
        }
        if (o instanceof Collection) {
            Collection<?> col = (Collection<?>) o;
            for (Object e : new ArrayList<>(col)) {
                add(e);
            }
            return 32L + 16L * col.size();
        }
        return 16; // a JDK object of fixed size per connection; not filled by the peer
    }

    private long fields(Object o, Class<?> c) {
        long size = 16;
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                size += f.getType().isPrimitive() ? primitiveSize(f.getType()) : 8;
                if (!f.getType().isPrimitive() && f.trySetAccessible()) {
                    try {
                        add(f.get(o));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return size;
    }

    private static int primitiveSize(Class<?> t) {
        if (t == long.class || t == double.class) {
            return 8;
        }
        if (t == int.class || t == float.class) {
            return 4;
        }
        if (t == char.class || t == short.class) {
            return 2;
        }
        return 1;
    }
}
