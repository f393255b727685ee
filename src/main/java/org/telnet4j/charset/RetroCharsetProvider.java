package org.telnet4j.charset;

import java.nio.charset.Charset;
import java.nio.charset.spi.CharsetProvider;
import java.util.Iterator;

/**
 * Makes the charsets of {@link RetroCharsets} available to
 * {@link Charset#forName(String)}, {@link Charset#isSupported(String)} and
 * {@link Charset#availableCharsets()} anywhere in the JVM.
 *
 * <p>Registered in {@code META-INF/services/java.nio.charset.spi.CharsetProvider}; the JDK loads it
 * through the system class loader, so the library must be on the class path (or module path)
 * of the application, not only of a child class loader.
 */
public final class RetroCharsetProvider extends CharsetProvider {

    /** Creates the provider; called by the JDK's service loader. */
    public RetroCharsetProvider() {
    }

    @Override
    public Iterator<Charset> charsets() {
        return RetroCharsets.all().iterator();
    }

    @Override
    public Charset charsetForName(String charsetName) {
        return RetroCharsets.find(charsetName);
    }
}
