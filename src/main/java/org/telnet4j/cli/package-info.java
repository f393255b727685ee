/**
 * The command-line tools ({@code bin/telnet4j-server} and friends) and the shells they offer.
 * Uses picocli and logback, which the library itself does not need (optional dependencies).
 */
package org.telnet4j.cli;
