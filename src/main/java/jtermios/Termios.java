package jtermios;

/** A {@code struct termios} as pty4j reads and fills it: flags, control characters, speeds. */
public final class Termios {
    /** Input modes. */
    public int c_iflag;
    /** Output modes. */
    public int c_oflag;
    /** Control modes. */
    public int c_cflag;
    /** Local modes. */
    public int c_lflag;
    /** Control characters, indexed by the {@code V*} constants (Linux has 32). */
    public byte[] c_cc = new byte[JTermios.NCCS];
    /** Input speed. */
    public int c_ispeed;
    /** Output speed. */
    public int c_ospeed;

    /** An all-zero termios. */
    public Termios() {
    }
}
