/**
 * TLS key material from files, for servers and clients: {@link org.telnet4j.tls.TlsFiles} makes
 * an {@link javax.net.ssl.SSLContext} from a PEM certificate chain and key (as Let's Encrypt and
 * {@code openssl} write them) or a PKCS#12 keystore, and a client's from a PEM CA bundle or the
 * system trust store; {@link org.telnet4j.tls.ReloadingServerContext} rereads the files when they
 * change, for long-running servers; {@link org.telnet4j.tls.TlsErrors} turns a failed handshake
 * into one line a user understands.
 *
 * <p>PEM files are read with BouncyCastle ({@code org.bouncycastle:bcpkix-jdk18on}), an optional
 * dependency of telnet4j: only this package loads it, and only when a PEM file is read. Without it
 * reading a PEM file fails with a one-line {@link org.telnet4j.tls.TlsFileException}; PKCS#12
 * files, the system trust store and {@code noVerify} need nothing beyond the JDK.
 */
package org.telnet4j.tls;
