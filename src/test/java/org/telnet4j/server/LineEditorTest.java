package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line editor is fed one character at a time, as the session's decoder hands them over; each
 * test records every callback in order so that echo, erase, line and overflow calls are all
 * checked, not just the lines.
 */
class LineEditorTest {

    /** Records callbacks as "echo:x", "erase:n", "line:text", "tooLong:n". */
    private static final class Recorder implements LineEditor.Output {
        final List<String> events = new ArrayList<>();
        final StringBuilder echoed = new StringBuilder();
        final List<String> lines = new ArrayList<>();
        final List<Integer> erases = new ArrayList<>();
        int tooLong;

        @Override
        public void echo(char c) {
            events.add("echo:" + c);
            echoed.append(c);
        }

        @Override
        public void echoAscii(byte[] buf, int off, int len) {
            events.add("echoRun:" + len);
            for (int i = off; i < off + len; i++) {
                echo((char) buf[i]);
            }
        }

        @Override
        public void echoErase(int columns) {
            events.add("erase:" + columns);
            erases.add(columns);
        }

        @Override
        public void line(String line) {
            events.add("line:" + line);
            lines.add(line);
        }

        @Override
        public void lineTooLong(int maxLength) {
            events.add("tooLong:" + maxLength);
            tooLong++;
        }

        @Override
        public void interrupt() {
            events.add("interrupt");
        }
    }

    @Test
    void ctrlCDropsTheLineBeingTypedAndIsReported() {
        feed(editor, "abc\u0003x\r");
        assertEquals(List.of("x"), out.lines);
        assertTrue(out.events.contains("interrupt"), out.events.toString());
    }

    private final Recorder out = new Recorder();
    private final LineEditor editor = new LineEditor(80, out);

    private static void feed(LineEditor e, String input) {
        for (int i = 0; i < input.length(); i++) {
            e.accept(input.charAt(i));
        }
    }

    private void feed(String input) {
        feed(editor, input);
    }

    // ---- line ends ----

    @Test
    void everyLineEndEndsExactlyOneLine() {
        feed("a\r\nb\r\0c\nd\re\n");
        assertEquals(List.of("a", "b", "c", "d", "e"), out.lines);
    }

    @Test
    void loneCrFollowedByTextKeepsTheText() {
        feed("d\re\n");
        assertEquals(List.of("echo:d", "line:d", "echo:e", "line:e"), out.events);
    }

    @Test
    void lfOrNulAfterCrIsSwallowedEvenWhenItArrivesLater() {
        feed("x\r");
        assertEquals(List.of("x"), out.lines);
        feed("\n");
        assertEquals(List.of("x"), out.lines, "the LF of a CR LF split between reads is not a second line");
        feed("y\r");
        feed("\0");
        feed("z\n");
        assertEquals(List.of("x", "y", "z"), out.lines);
    }

    @Test
    void repeatedLineEndsGiveEmptyLines() {
        feed("\r\r\n\n\r\0\n");
        // CR | CR LF | LF | CR NUL | LF
        assertEquals(List.of("", "", "", "", ""), out.lines);
    }

    @Test
    void crLfOnlySwallowsOneCharacter() {
        feed("a\r\n\nb\r");
        assertEquals(List.of("a", "", "b"), out.lines);
    }

    @Test
    void pendingLengthCountsTheCurrentLine() {
        assertEquals(0, editor.pendingLength());
        feed("abc");
        assertEquals(3, editor.pendingLength());
        feed("\b");
        assertEquals(2, editor.pendingLength());
        feed("\r\n");
        assertEquals(0, editor.pendingLength());
        assertEquals(List.of("ab"), out.lines);
    }

    // ---- erasing ----

    @Test
    void backspaceAndDelEraseOneCharacterEach() {
        feed("abc\b\u007f\r");
        assertEquals(List.of("a"), out.lines);
        assertEquals(List.of(1, 1), out.erases);
    }

    @Test
    void eraseOnAnEmptyLineDoesNothing() {
        feed("\b\u007f\u0015\u0017");
        editor.eraseChar();
        editor.eraseLine();
        assertTrue(out.events.isEmpty(), out.events.toString());
        feed("x\b\b\r");
        assertEquals(List.of(1), out.erases);
        assertEquals(List.of(""), out.lines);
    }

    @Test
    void backspaceErasesASurrogatePairWhole() {
        String emoji = "\uD83D\uDE00"; // U+1F600
        feed("a" + emoji);
        assertEquals("a" + emoji, out.echoed.toString(), "both halves are echoed");
        feed("\b");
        assertEquals(List.of(2), out.erases, "an emoji is two columns, erased by one backspace");
        feed("\r");
        assertEquals(List.of("a"), out.lines);
    }

    @Test
    void backspaceErasesSupplementaryCharacterOfWidthOne() {
        String gothic = new String(Character.toChars(0x10348)); // GOTHIC LETTER HWAIR
        feed("x" + gothic + "\b\r");
        assertEquals(List.of("x"), out.lines);
        assertEquals(List.of(1), out.erases);
    }

    @Test
    void backspaceErasesABaseCharacterWithItsCombiningMarks() {
        feed("xe\u0301\u0323\b\r"); // e + COMBINING ACUTE + COMBINING DOT BELOW
        assertEquals(List.of("x"), out.lines);
        assertEquals(List.of(1), out.erases, "marks take no column");
    }

    @Test
    void backspaceOnOnlyCombiningMarksEmptiesTheLine() {
        feed("\u0301\u0302\b\r");
        assertEquals(List.of(""), out.lines);
        assertEquals(List.of(0), out.erases);
    }

    @Test
    void wideCharactersEraseTwoColumns() {
        feed("a\u4E2D\b"); // 中
        assertEquals(List.of(2), out.erases);
        feed("\uD55C\uFF21"); // 한, fullwidth A
        feed("\u0015");
        assertEquals(List.of(2, 5), out.erases, "Ctrl-U erases a(1) + 한(2) + Ａ(2)");
        feed("\r");
        assertEquals(List.of(""), out.lines);
    }

    @Test
    void displayWidths() {
        assertEquals(1, LineEditor.displayWidth('a'));
        assertEquals(1, LineEditor.displayWidth(0xE9));
        assertEquals(0, LineEditor.displayWidth(0x0301));
        assertEquals(0, LineEditor.displayWidth(0x200B));
        assertEquals(0, LineEditor.displayWidth(0x200D)); // zero width joiner (format)
        assertEquals(2, LineEditor.displayWidth(0x4E2D));
        assertEquals(2, LineEditor.displayWidth(0xAC00));
        assertEquals(2, LineEditor.displayWidth(0xFF21));
        assertEquals(2, LineEditor.displayWidth(0x1F600));
        assertEquals(2, LineEditor.displayWidth(0x20000));
        assertEquals(1, LineEditor.displayWidth(0x303F)); // half-fill space: narrow in the CJK block
    }

    @Test
    void ctrlUErasesTheLine() {
        feed("hello world\u0015");
        assertEquals(List.of(11), out.erases);
        assertEquals(0, editor.pendingLength());
        feed("x\r");
        assertEquals(List.of("x"), out.lines);
    }

    @Test
    void ctrlWErasesTheLastWordAndTheSpacesAfterIt() {
        feed("foo bar  \u0017");
        assertEquals(List.of(5), out.erases, "'bar  '");
        assertEquals(4, editor.pendingLength());
        feed("\u0017");
        assertEquals(List.of(5, 4), out.erases, "'foo '");
        assertEquals(0, editor.pendingLength());
        feed("\u0017");
        assertEquals(List.of(5, 4), out.erases, "nothing left to erase: no call");
        feed("a \u4E2D\u4E2D\u0017\r");
        assertEquals(List.of(5, 4, 4), out.erases, "two wide characters");
        assertEquals(List.of("a "), out.lines);
    }

    @Test
    void eraseCharAndEraseLineMethods() {
        // What the session calls for IAC EC and IAC EL.
        feed("abe\u0301");
        editor.eraseChar();
        assertEquals(List.of(1), out.erases);
        assertEquals(2, editor.pendingLength());
        feed("\u4E2D");
        editor.eraseLine();
        assertEquals(List.of(1, 4), out.erases);
        assertEquals(0, editor.pendingLength());
        feed("z\r");
        assertEquals(List.of("z"), out.lines);
    }

    // ---- escape sequences and controls ----

    @Test
    void arrowAndFunctionKeysAreDropped() {
        feed("a\u001b[Ab");           // CSI up arrow
        feed("\u001b[1;5Cc");        // CSI with parameters: Ctrl-Right
        feed("\u001b[15~d");         // F5
        feed("\u001bOPe");           // SS3 F1
        feed("\u001bOAf");           // SS3 up arrow (application cursor keys)
        feed("\r");
        assertEquals(List.of("abcdef"), out.lines);
        assertEquals("abcdef", out.echoed.toString());
    }

    @Test
    void stringSequencesAreDropped() {
        feed("a\u001b]0;window title\u0007b");    // OSC ended by BEL
        feed("\u001b]2;t\u001b\\c");             // OSC ended by ST (ESC \)
        feed("\u001bPq#0;2;0;0;0\u001b\\d");     // DCS
        feed("\u001b_apc\u009ce");               // APC ended by 8-bit ST
        feed("\r");
        assertEquals(List.of("abcde"), out.lines);
        assertEquals("abcde", out.echoed.toString());
    }

    @Test
    void c1DeviceCodesOfARetroCharsetAreDroppedAlone() {
        // PETSCII cursor left (U+009D), yellow (U+009E), light grey (U+009B): device codes, not
        // ECMA-48 introducers, so the characters after them stay on the line.
        editor.setEcma48C1(false);
        feed("a\u009db\u009ec\u009bd\u0090e\u009ff\r");
        assertEquals(List.of("abcdef"), out.lines);
        assertEquals("abcdef", out.echoed.toString());
        editor.setEcma48C1(true);
        feed("a\u009db\u0007c\r");
        assertEquals(List.of("abcdef", "ac"), out.lines, "back to ECMA-48: U+009D opens a string");
    }

    @Test
    void eightBitSequencesAreDropped() {
        feed("a\u009bAb\u009b2;3Hc\u009d0;t\u0007d\u0090x\u009ce\r");
        assertEquals(List.of("abcde"), out.lines);
    }

    @Test
    void escapeFollowedByAnOrdinaryCharacterDropsBoth() {
        feed("a\u001bxb\r"); // Alt-x
        assertEquals(List.of("ab"), out.lines);
    }

    @Test
    void escapeThenEnterStillEndsTheLine() {
        // Escape pressed, then Enter: the CR is a line end, not the end of an escape sequence.
        feed("ab\u001b\rcd\u001b[\ref\u001bO\r");
        assertEquals(List.of("ab", "cd", "ef"), out.lines);
    }

    @Test
    void escapeThenArrowKeyDropsTheWholeSequence() {
        // Escape pressed, then Up; also what xterm sends for Alt-Up.
        feed("a\u001b\u001b[Ab\u001b\u001bOPc\r");
        assertEquals(List.of("abc"), out.lines);
        assertEquals("abc", out.echoed.toString());
    }

    @Test
    void controlInsideCsiEndsItAndActs() {
        feed("abc\u001b[1\b\r");
        assertEquals(List.of("ab"), out.lines, "the backspace inside the broken sequence still erases");
    }

    @Test
    void runawayStringSequenceStopsBeingFiltered() {
        // An OSC that never ends does not swallow the rest of the session.
        feed("\u001b]" + "x".repeat(1000) + "\r");
        assertEquals(1, out.lines.size());
        assertFalse(out.lines.get(0).isEmpty());
        assertTrue(out.lines.get(0).chars().allMatch(ch -> ch == 'x'));
    }

    @Test
    void runawayCsiStopsBeingFiltered() {
        feed("\u001b[" + "1".repeat(200) + "\r");
        assertEquals(1, out.lines.size());
        assertFalse(out.lines.get(0).isEmpty());
    }

    @Test
    void otherControlsAreDroppedButTabIsKept() {
        feed("\u0001a\u0007b\u0000c\u0085d\td\u000b\u000c\u001f\r");
        assertEquals(List.of("abcd\td"), out.lines);
        assertEquals("abcd\td", out.echoed.toString());
    }

    @Test
    void printableNonAsciiIsKept() {
        feed("\u00a0\u00e9\u20ac\u4E2D\r");
        assertEquals(List.of("\u00a0\u00e9\u20ac\u4E2D"), out.lines);
    }

    // ---- length limit ----

    @Test
    void longLineKeepsItsFirstCharactersAndReportsOnce() {
        LineEditor e = new LineEditor(5, out);
        feed(e, "abcdefgh\r");
        assertEquals(List.of("echo:a", "echo:b", "echo:c", "echo:d", "echo:e", "tooLong:5", "line:abcde"),
            out.events);
        feed(e, "123456789\r");
        assertEquals(List.of("abcde", "12345"), out.lines);
        assertEquals(2, out.tooLong, "once per line");
    }

    @Test
    void exactlyMaxLengthIsNotTooLong() {
        LineEditor e = new LineEditor(5, out);
        feed(e, "abcde\r");
        assertEquals(List.of("abcde"), out.lines);
        assertEquals(0, out.tooLong);
    }

    @Test
    void editingAfterOverflowDoesNotReportAgain() {
        LineEditor e = new LineEditor(3, out);
        feed(e, "abcd\bxy\r");
        assertEquals(List.of("abx"), out.lines);
        assertEquals(1, out.tooLong);
    }

    @Test
    void surrogatePairIsNeverSplitAtTheLimit() {
        String emoji = "\uD83D\uDE00";
        LineEditor e = new LineEditor(3, out);
        feed(e, "ab" + emoji + "c\r");
        assertEquals(List.of("ab"), out.lines, "no half of the pair");
        assertEquals("ab", out.echoed.toString());
        assertEquals(1, out.tooLong);

        LineEditor f = new LineEditor(4, out);
        feed(f, "ab" + emoji + "c\r");
        assertEquals("ab" + emoji, out.lines.get(1));
        assertEquals(2, out.tooLong);
    }

    @Test
    void echoIsExactlyTheCharactersAppended() {
        LineEditor e = new LineEditor(6, out);
        feed(e, "\u001b[Aab\u0007c\bd\u001bOQe\u4E2Dfgh\r");
        // appended: a b c d e 中 f (c erased, so f still fits; g h dropped)
        assertEquals("abcde\u4E2Df", out.echoed.toString());
        assertEquals(List.of("abde\u4E2Df"), out.lines);
    }

    @Test
    void aBytesShellKeepsControlsAndEscapesInTheLine() {
        editor.setKeepControls(true);
        feed("a\u001B[A\u0080\u009Bz\u0007\u0000b\r\n");
        assertEquals(List.of("a\u001B[A\u0080\u009Bz\u0007\u0000b"), out.lines);
        feed("xy\u007Fz\u0015q\r"); // the editing keys still edit
        assertEquals("q", out.lines.get(1));
    }

    // ---- runs of plain characters (the decoder's ASCII runs) ----

    /** Feeds as the server's protocol does: printable runs at once while the editor takes them. */
    private static void feedRuns(LineEditor e, String input) {
        byte[] b = input.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int i = 0;
        while (i < b.length) {
            int stop = i;
            if (e.takesPlain()) {
                while (stop < b.length && b[stop] >= 0x20 && b[stop] < 0x7F) {
                    stop++;
                }
            }
            if (stop > i) {
                e.appendPlain(b, i, stop - i);
                i = stop;
            } else {
                e.accept((char) (b[i++] & 0xFF));
            }
        }
    }

    private static List<String> withoutRunMarks(List<String> events) {
        List<String> l = new ArrayList<>(events);
        l.removeIf(x -> x.startsWith("echoRun:"));
        return l;
    }

    @Test
    void runsOfPlainCharactersEditAsOneCharacterAtATimeDoes() {
        String[] inputs = {
            "hello world\r\n", "abc\u007Fd\u0015xy\rq\n", "\u001B[12;5Hok\r", "\u001BOPz\r\0w\n",
            "a\u0017bb cc\u0017d\r", "a very long line that passes the limit of twenty\r\nnext\r",
            "\u001B]title\u0007after\r", "tab\there\u0003gone\rkept\r",
        };
        for (String in : inputs) {
            Recorder one = new Recorder();
            Recorder runs = new Recorder();
            feed(new LineEditor(20, one), in);
            feedRuns(new LineEditor(20, runs), in);
            assertEquals(one.events, withoutRunMarks(runs.events), in);
            assertEquals(one.lines, runs.lines, in);
            assertEquals(one.tooLong, runs.tooLong, in);
        }
    }

    @Test
    void aRunIsEchoedInOneCall() {
        feedRuns(editor, "hello\r");
        assertEquals(List.of("echoRun:5", "echo:h", "echo:e", "echo:l", "echo:l", "echo:o", "line:hello"),
            out.events);
    }

    @Test
    void aRunPastTheLimitKeepsItsFirstCharactersAndIsReportedOnce() {
        Recorder r = new Recorder();
        LineEditor e = new LineEditor(4, r);
        feedRuns(e, "abcdefgh");
        feedRuns(e, "ijk\r");
        assertEquals(List.of("abcd"), r.lines);
        assertEquals(1, r.tooLong);
    }
}
