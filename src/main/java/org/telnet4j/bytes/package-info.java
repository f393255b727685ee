/**
 * Byte plumbing shared by the protocol core, the options and the event loop: the {@link
 * org.telnet4j.bytes.ByteSink} bytes are written to, and the transforms (MCCP compression and
 * decompression, later TLS) that sit between a socket and a telnet engine, with the {@link
 * org.telnet4j.bytes.InboundPipeline} that runs an inbound transform in bounded slices.
 *
 * <p>It depends on nothing else in telnet4j, so every layer above may use it.
 */
package org.telnet4j.bytes;
