package jtermios;

/**
 * A descriptor set for {@link JTermios#select}. pty4j uses select only on macOS 10.6 and older;
 * on Linux it polls, so this set only records descriptors.
 */
public final class FDSet {
    final java.util.BitSet bits = new java.util.BitSet();

    FDSet() {
    }
}
