/**
 * Small programs that show how to use telnet4j; each has a {@code main} and is run by
 * {@code bin/telnet4j-example NAME}. Read them as documentation.
 */
package org.telnet4j.examples;
