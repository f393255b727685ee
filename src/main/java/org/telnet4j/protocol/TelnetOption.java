package org.telnet4j.protocol;

import java.util.Locale;

/**
 * Telnet option numbers (the IANA registry, plus the MUD protocols in common use) and their
 * names. Names follow the registry's spelling with {@code -} replaced by {@code _}; lookups accept
 * either spelling, any case, or a decimal number, so CLI flags such as {@code --always-do GMCP}
 * and {@code --always-do 201} both work.
 */
public final class TelnetOption {
    /** RFC 856. */
    public static final int BINARY = 0;
    /** RFC 857. */
    public static final int ECHO = 1;
    /** Reconnection (NIC 15391). */
    public static final int RCP = 2;
    /** RFC 858. */
    public static final int SGA = 3;
    /** Approx message size negotiation. */
    public static final int NAMS = 4;
    /** RFC 859. */
    public static final int STATUS = 5;
    /** RFC 860. */
    public static final int TM = 6;
    /** RFC 726. */
    public static final int RCTE = 7;
    /** Output line width. */
    public static final int NAOL = 8;
    /** Output page size. */
    public static final int NAOP = 9;
    /** RFC 652. */
    public static final int NAOCRD = 10;
    /** RFC 653. */
    public static final int NAOHTS = 11;
    /** RFC 654. */
    public static final int NAOHTD = 12;
    /** RFC 655. */
    public static final int NAOFFD = 13;
    /** RFC 656. */
    public static final int NAOVTS = 14;
    /** RFC 657. */
    public static final int NAOVTD = 15;
    /** RFC 658. */
    public static final int NAOLFD = 16;
    /** RFC 698. */
    public static final int XASCII = 17;
    /** RFC 727. */
    public static final int LOGOUT = 18;
    /** RFC 735. */
    public static final int BM = 19;
    /** RFC 1043. */
    public static final int DET = 20;
    /** RFC 736. */
    public static final int SUPDUP = 21;
    /** RFC 749. */
    public static final int SUPDUP_OUTPUT = 22;
    /** RFC 779. */
    public static final int SNDLOC = 23;
    /** RFC 1091 (930). */
    public static final int TTYPE = 24;
    /** RFC 885. */
    public static final int EOR = 25;
    /** RFC 927. */
    public static final int TUID = 26;
    /** RFC 933. */
    public static final int OUTMRK = 27;
    /** RFC 946. */
    public static final int TTYLOC = 28;
    /** RFC 1041. */
    public static final int VT3270REGIME = 29;
    /** RFC 1053. */
    public static final int X3PAD = 30;
    /** RFC 1073. */
    public static final int NAWS = 31;
    /** RFC 1079. */
    public static final int TSPEED = 32;
    /** RFC 1372. */
    public static final int LFLOW = 33;
    /** RFC 1184. */
    public static final int LINEMODE = 34;
    /** RFC 1096. */
    public static final int XDISPLOC = 35;
    /** RFC 1408 (old ENVIRON). */
    public static final int ENVIRON = 36;
    /** RFC 2941. */
    public static final int AUTHENTICATION = 37;
    /** RFC 2946. */
    public static final int ENCRYPT = 38;
    /** RFC 1572. */
    public static final int NEW_ENVIRON = 39;
    /** RFC 2355. */
    public static final int TN3270E = 40;
    /** XAUTH. */
    public static final int XAUTH = 41;
    /** RFC 2066. */
    public static final int CHARSET = 42;
    /** Remote serial port. */
    public static final int RSP = 43;
    /** RFC 2217. */
    public static final int COM_PORT_OPTION = 44;
    /** Suppress local echo. */
    public static final int SUPPRESS_LOCAL_ECHO = 45;
    /** START_TLS. */
    public static final int START_TLS = 46;
    /** RFC 2840. */
    public static final int KERMIT = 47;
    /** SEND-URL. */
    public static final int SEND_URL = 48;
    /** FORWARD_X. */
    public static final int FORWARD_X = 49;
    /** Mud Server Data Protocol. */
    public static final int MSDP = 69;
    /** Mud Server Status Protocol. */
    public static final int MSSP = 70;
    /** Mud Client Compression Protocol v1 (obsolete; its start sequence is malformed). */
    public static final int MCCP1 = 85;
    /** Mud Client Compression Protocol v2: server-to-client compression. */
    public static final int MCCP2 = 86;
    /** Mud Client Compression Protocol v3: client-to-server compression. */
    public static final int MCCP3 = 87;
    /** Mud Sound Protocol. */
    public static final int MSP = 90;
    /** Mud eXtension Protocol. */
    public static final int MXP = 91;
    /** Zenith Mud Protocol. */
    public static final int ZMP = 93;
    /** Aardwolf's channel protocol. */
    public static final int AARDWOLF = 102;
    /** TELOPT PRAGMA LOGON. */
    public static final int PRAGMA_LOGON = 138;
    /** TELOPT SSPI LOGON. */
    public static final int SSPI_LOGON = 139;
    /** TELOPT PRAGMA HEARTBEAT. */
    public static final int PRAGMA_HEARTBEAT = 140;
    /** Achaea Telnet Client Protocol. */
    public static final int ATCP = 200;
    /** Generic Mud Communication Protocol. */
    public static final int GMCP = 201;
    /** RFC 861 extended options list. */
    public static final int EXOPL = 255;

    private static final String[] NAMES = new String[256];

    static {
        name(BINARY, "BINARY");
        name(ECHO, "ECHO");
        name(RCP, "RCP");
        name(SGA, "SGA");
        name(NAMS, "NAMS");
        name(STATUS, "STATUS");
        name(TM, "TM");
        name(RCTE, "RCTE");
        name(NAOL, "NAOL");
        name(NAOP, "NAOP");
        name(NAOCRD, "NAOCRD");
        name(NAOHTS, "NAOHTS");
        name(NAOHTD, "NAOHTD");
        name(NAOFFD, "NAOFFD");
        name(NAOVTS, "NAOVTS");
        name(NAOVTD, "NAOVTD");
        name(NAOLFD, "NAOLFD");
        name(XASCII, "XASCII");
        name(LOGOUT, "LOGOUT");
        name(BM, "BM");
        name(DET, "DET");
        name(SUPDUP, "SUPDUP");
        name(SUPDUP_OUTPUT, "SUPDUP_OUTPUT");
        name(SNDLOC, "SNDLOC");
        name(TTYPE, "TTYPE");
        name(EOR, "EOR");
        name(TUID, "TUID");
        name(OUTMRK, "OUTMRK");
        name(TTYLOC, "TTYLOC");
        name(VT3270REGIME, "VT3270REGIME");
        name(X3PAD, "X3PAD");
        name(NAWS, "NAWS");
        name(TSPEED, "TSPEED");
        name(LFLOW, "LFLOW");
        name(LINEMODE, "LINEMODE");
        name(XDISPLOC, "XDISPLOC");
        name(ENVIRON, "ENVIRON");
        name(AUTHENTICATION, "AUTHENTICATION");
        name(ENCRYPT, "ENCRYPT");
        name(NEW_ENVIRON, "NEW_ENVIRON");
        name(TN3270E, "TN3270E");
        name(XAUTH, "XAUTH");
        name(CHARSET, "CHARSET");
        name(RSP, "RSP");
        name(COM_PORT_OPTION, "COM_PORT_OPTION");
        name(SUPPRESS_LOCAL_ECHO, "SUPPRESS_LOCAL_ECHO");
        name(START_TLS, "START_TLS");
        name(KERMIT, "KERMIT");
        name(SEND_URL, "SEND_URL");
        name(FORWARD_X, "FORWARD_X");
        name(MSDP, "MSDP");
        name(MSSP, "MSSP");
        name(MCCP1, "MCCP1");
        name(MCCP2, "MCCP2");
        name(MCCP3, "MCCP3");
        name(MSP, "MSP");
        name(MXP, "MXP");
        name(ZMP, "ZMP");
        name(AARDWOLF, "AARDWOLF");
        name(PRAGMA_LOGON, "PRAGMA_LOGON");
        name(SSPI_LOGON, "SSPI_LOGON");
        name(PRAGMA_HEARTBEAT, "PRAGMA_HEARTBEAT");
        name(ATCP, "ATCP");
        name(GMCP, "GMCP");
        name(EXOPL, "EXOPL");
    }

    private TelnetOption() {
    }

    private static void name(int code, String name) {
        NAMES[code] = name;
    }

    /** Returns true if the option number has a name here. */
    public static boolean isKnown(int option) {
        return option >= 0 && option < 256 && NAMES[option] != null;
    }

    /** The name of an option, e.g. {@code "NAWS"}; unnamed options are named by their number. */
    public static String name(int option) {
        String s = option >= 0 && option < 256 ? NAMES[option] : null;
        return s != null ? s : Integer.toString(option);
    }

    /**
     * The option number for a name ({@code "new-environ"}, {@code "NEW_ENVIRON"}, {@code "gmcp"},
     * also {@code "MCCP"} for MCCP2 and {@code "TERMINAL-TYPE"}-style long names of the common
     * options) or a decimal number.
     *
     * @throws IllegalArgumentException for an unknown name or a number outside 0..255
     */
    public static int byName(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        switch (key) {
            case "TERMINAL_TYPE": return TTYPE;
            case "SUPPRESS_GO_AHEAD": return SGA;
            case "TIMING_MARK": return TM;
            case "END_OF_RECORD": return EOR;
            case "WINDOW_SIZE": return NAWS;
            case "TERMINAL_SPEED": return TSPEED;
            case "X_DISPLAY_LOCATION": return XDISPLOC;
            case "SEND_LOCATION": return SNDLOC;
            case "REMOTE_FLOW_CONTROL": return LFLOW;
            case "MCCP": return MCCP2;
            default: break;
        }
        for (int i = 0; i < 256; i++) {
            if (key.equals(NAMES[i])) {
                return i;
            }
        }
        return parseByte(name, "telnet option");
    }

    static int parseByte(String text, String what) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 0 && v <= 255) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text
            + "': expected a name or a number from 0 to 255");
    }
}
