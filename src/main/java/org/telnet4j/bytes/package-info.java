/**
 * Byte plumbing shared by the protocol core, the options and the event loop: the {@link
 * org.telnet4j.bytes.ByteSink} bytes are written to, and the transforms (MCCP compression and
 * decompression) that sit between a socket and a telnet engine, the {@link
 * org.telnet4j.bytes.SocketStage} next to the socket (TLS), and the {@link
 * org.telnet4j.bytes.InboundPipeline} that runs an inbound transform in bounded slices.
 *
 * <p>It depends on nothing else in telnet4j, so every layer above may use it.
 */
package org.telnet4j.bytes;
