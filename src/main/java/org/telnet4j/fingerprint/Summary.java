package org.telnet4j.fingerprint;

import java.util.List;
import java.util.Map;

/** What the fingerprint server shows a client about itself before closing: plain ASCII lines. */
final class Summary {
    private Summary() {
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> doc, FingerprintStore.Saved saved) {
        StringBuilder b = new StringBuilder("\n");
        b.append("telnet4j fingerprint-server: what your client told us\n");
        b.append("telnet_hash:   ").append(doc.get("telnet_hash"));
        Object known = doc.get("known_client");
        b.append(known == null ? " (not a known client)" : " (" + known + ")").append('\n');
        b.append("offers WILL:   ").append(list(doc.get("offers"))).append('\n');
        b.append("accepts DO:    ").append(list(doc.get("accepts"))).append('\n');
        b.append("answers WONT:  ").append(list(doc.get("refuses_do"))).append('\n');
        b.append("answers DONT:  ").append(list(doc.get("refuses_will"))).append('\n');
        b.append("ttype:         ").append(list(doc.get("terminal_types"))).append('\n');
        Map<String, Object> mtts = (Map<String, Object>) doc.get("mtts");
        if (mtts != null) {
            b.append("mtts:          ").append(mtts.get("bits")).append(' ').append(list(mtts.get("flags"))).append('\n');
        }
        Map<String, Object> size = (Map<String, Object>) doc.get("window_size");
        b.append("window:        ").append(size == null ? "not sent" : size.get("columns") + "x" + size.get("rows"))
            .append('\n');
        Map<String, Object> env = (Map<String, Object>) doc.get("environment");
        b.append("environment:   ").append(list(env.get("variables"))).append('\n');
        Map<String, Object> secrets = (Map<String, Object>) env.get("secrets");
        if (secrets != null) {
            StringBuilder d = new StringBuilder();
            secrets.forEach((k, v) -> {
                if ("disclosed".equals(v)) {
                    d.append(d.length() == 0 ? "" : ", ").append(k);
                }
            });
            b.append("secrets:       ").append(d.length() == 0 ? "none disclosed" : "DISCLOSED " + d
                + " (values not kept)").append('\n');
        }
        Map<String, Object> lm = (Map<String, Object>) doc.get("linemode");
        Map<String, Object> slc = (Map<String, Object>) lm.get("slc");
        b.append("linemode:      ").append(Boolean.TRUE.equals(lm.get("enabled")) ? "on" : "off")
            .append(slc == null ? "" : ", " + slc.size() + " SLC functions").append('\n');
        Map<String, Object> cs = (Map<String, Object>) doc.get("charset");
        b.append("charset:       ").append(cs.get("answer"))
            .append(cs.get("accepted") == null ? "" : " " + cs.get("accepted")).append('\n');
        Map<String, Object> loop = (Map<String, Object>) doc.get("loop_check");
        b.append("loops:         ").append(Boolean.TRUE.equals(loop.get("loops")) ? "yes " + list(loop.get("answered_again"))
            : "no").append('\n');
        b.append(saved == FingerprintStore.Saved.SAVED ? "saved as " + doc.get("session") + ".json"
            : "not saved (" + saved.name().toLowerCase(java.util.Locale.ROOT) + ")").append('\n');
        b.append("Bye.\n");
        return printable(b.toString());
    }

    private static String list(Object o) {
        if (!(o instanceof List<?> l) || l.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (Object x : l) {
            b.append(b.length() == 0 ? "" : " ").append(x);
        }
        return b.toString();
    }

    /** Only printable ASCII and newlines: a client's own strings must not drive its terminal. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '\n' || (c >= 0x20 && c < 0x7f) ? c : '?');
        }
        return b.toString();
    }
}
