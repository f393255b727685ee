/**
 * Probing a telnet server and describing what it does: which options it offers (WILL), requests
 * (DO) and refuses, how it answers each option we ask for, whether it loops or offers options in
 * the wrong direction, its banner, MSSP variables, and a stable hash of that behaviour.
 *
 * <p>{@link org.telnet4j.fingerprint.ServerProbe} does the talking over one blocking socket, with
 * every wait and every byte count bounded; {@code org.telnet4j.cli.FingerprintMain} is the
 * {@code bin/telnet4j-fingerprint} command. Nothing else in telnet4j depends on this package.
 */
package org.telnet4j.fingerprint;
