/**
 * Fingerprinting both ends of telnet. Of a server: which options it offers (WILL), requests (DO)
 * and refuses, how it answers each option we ask for, whether it loops or offers options in the
 * wrong direction, its banner, MSSP variables, and a stable hash of that behaviour. Of a client:
 * which options it offers and accepts, its terminal types, window size, environment (secrets only
 * as disclosed or not), SLC table, CHARSET answer and loops, with the same kind of hash.
 *
 * <p>{@link org.telnet4j.fingerprint.ServerProbe} probes a server over one blocking socket;
 * {@link org.telnet4j.fingerprint.ClientProbe} probes a connected client, and
 * {@link org.telnet4j.fingerprint.FingerprintServer} runs it for every client that connects,
 * saving the documents in a capped {@link org.telnet4j.fingerprint.FingerprintStore} and naming
 * known programs from {@link org.telnet4j.fingerprint.KnownClients}. The two probes share their
 * option bookkeeping ({@code ProbeNegotiation}, RFC 1143 per option), their socket loop
 * ({@code ProbeConnection}) and their parser listener ({@code ProbeListener}); each adds only what
 * its side asks and records. Every wait and every byte count is bounded. {@code org.telnet4j.cli.FingerprintMain} and {@code FingerprintServerMain} are
 * the {@code bin/telnet4j-fingerprint} and {@code bin/telnet4j-fingerprint-server} commands.
 * Nothing else in telnet4j depends on this package.
 */
package org.telnet4j.fingerprint;
