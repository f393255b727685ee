package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocaleCharsetTest {

    @Test
    void codesetAfterTheDot() {
        assertEquals(StandardCharsets.UTF_8, LocaleCharset.fromLocale("en_US.UTF-8"));
        assertEquals(StandardCharsets.UTF_8, LocaleCharset.fromLocale("C.UTF-8"));
        assertEquals(Charset.forName("KOI8-R"), LocaleCharset.fromLocale("ru_RU.KOI8-R"));
        assertEquals(Charset.forName("EUC-JP"), LocaleCharset.fromLocale("ja_JP.eucJP"));
    }

    @Test
    void modifierAfterTheCodesetIsIgnored() {
        assertEquals(Charset.forName("ISO-8859-15"), LocaleCharset.fromLocale("de_DE.ISO-8859-15@euro"));
        assertEquals(StandardCharsets.UTF_8, LocaleCharset.fromLocale("sr_RS.UTF-8@latin"));
    }

    @Test
    void utf8WithoutHyphen() {
        assertEquals(StandardCharsets.UTF_8, LocaleCharset.fromLocale("en_US.utf8"));
        assertEquals(StandardCharsets.UTF_8, LocaleCharset.fromLocale("en_US.UTF8"));
    }

    @Test
    void glibcNormalisedCodesetNames() {
        // As "locale -a" lists them; glibc accepts them in LANG too.
        assertEquals(StandardCharsets.ISO_8859_1, LocaleCharset.fromLocale("de_DE.iso88591"));
        assertEquals(Charset.forName("ISO-8859-15"), LocaleCharset.fromLocale("de_DE.iso885915@euro"));
        assertEquals(Charset.forName("KOI8-R"), LocaleCharset.fromLocale("ru_RU.koi8r"));
        assertEquals(Charset.forName("KOI8-U"), LocaleCharset.fromLocale("uk_UA.koi8u"));
        assertNull(LocaleCharset.fromLocale("xx_XX.iso8859"));
    }

    @Test
    void noCodesetOrAnUnknownOneIsNull() {
        assertNull(LocaleCharset.fromLocale("C"));
        assertNull(LocaleCharset.fromLocale("POSIX"));
        assertNull(LocaleCharset.fromLocale("en_US"));
        assertNull(LocaleCharset.fromLocale("de_DE@euro"));
        assertNull(LocaleCharset.fromLocale("xx.NOPE"));
        assertNull(LocaleCharset.fromLocale("en_US."), "empty codeset");
        assertNull(LocaleCharset.fromLocale("en_US.not valid!"), "illegal charset name");
    }

    @Test
    void getAlwaysAnswers() {
        assertNotNull(LocaleCharset.get()); // whatever this machine's locale; never null
    }
}
