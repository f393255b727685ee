/**
 * MUD protocols: GMCP, MSDP and MSSP payloads, and MCCP compression as byte transforms. Like the
 * rest of {@code org.telnet4j.option}, nothing here does I/O.
 */
package org.telnet4j.option.mud;
