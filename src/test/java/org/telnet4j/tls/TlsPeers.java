package org.telnet4j.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Both ends of a real TLS connection on 127.0.0.1 (ephemeral ports), for the tests of this
 * package: a one-connection server with a given context or misbehaviour, and a client that
 * connects to it by a given host name and reports what the handshake did.
 */
final class TlsPeers {
    private TlsPeers() {
    }

    static final int TIMEOUT_MILLIS = 10_000;

    /** What a one-connection server does once a client is connected. */
    enum Plain {
        /** Writes a telnet greeting (IAC DO TTYPE, text) and keeps reading, as a plain telnet server does. */
        TELNET_BANNER,
        /** Closes at once, mid-handshake for the client. */
        CLOSE,
        /** Reads and says nothing, holding the connection open. */
        SILENT
    }

    /** What the server side of one connection saw. */
    record ServerSide(boolean handshook, Certificate[] peerCertificates, List<SNIServerName> serverNames,
            String protocol, Throwable failure) {
    }

    /** A server for one connection, on an ephemeral loopback port. */
    static final class OneServer implements AutoCloseable {
        final ServerSocket socket;
        final CompletableFuture<ServerSide> result = new CompletableFuture<>();

        private OneServer(ServerSocket socket) {
            this.socket = socket;
        }

        int port() {
            return socket.getLocalPort();
        }

        ServerSide await() throws Exception {
            return result.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A TLS server; {@code clientAuth} is "need", "want" or null. */
    static OneServer tlsServer(SSLContext context, String clientAuth) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        if ("need".equals(clientAuth)) {
            server.setNeedClientAuth(true);
        } else if ("want".equals(clientAuth)) {
            server.setWantClientAuth(true);
        }
        OneServer one = new OneServer(server);
        Thread thread = new Thread(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(TIMEOUT_MILLIS);
                try {
                    s.startHandshake();
                    Certificate[] peer = null;
                    try {
                        peer = s.getSession().getPeerCertificates();
                    } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
                        // no client certificate
                    }
                    OutputStream out = s.getOutputStream();
                    out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    // Wait for the client to close, so it reads the greeting.
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // drain
                    }
                    one.result.complete(new ServerSide(true, peer,
                            ((ExtendedSSLSession) s.getSession()).getRequestedServerNames(),
                            s.getSession().getProtocol(), null));
                } catch (IOException e) {
                    one.result.complete(new ServerSide(false, null, List.of(), null, e));
                }
            } catch (IOException e) {
                one.result.complete(new ServerSide(false, null, List.of(), null, e));
            }
        }, "tls-test-server");
        thread.setDaemon(true);
        thread.start();
        return one;
    }

    /** A plain TCP server that does {@code what} to its one client. */
    static OneServer plainServer(Plain what) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        OneServer one = new OneServer(server);
        Thread thread = new Thread(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(TIMEOUT_MILLIS);
                switch (what) {
                    case CLOSE -> {
                        // closed by try-with-resources
                    }
                    case TELNET_BANNER -> {
                        s.getOutputStream().write(new byte[] {(byte) 255, (byte) 253, 24});
                        s.getOutputStream().write("Welcome to a plain telnet server\r\nlogin: "
                                .getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        drain(s);
                    }
                    case SILENT -> drain(s);
                }
                one.result.complete(new ServerSide(false, null, List.of(), null, null));
            } catch (IOException e) {
                one.result.complete(new ServerSide(false, null, List.of(), null, e));
            }
        }, "plain-test-server");
        thread.setDaemon(true);
        thread.start();
        return one;
    }

    private static void drain(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[1024];
        while (in.read(buffer) >= 0) {
            // until the client closes
        }
    }

    /**
     * Connects to 127.0.0.1:{@code port} as {@code host} (the name the certificate is checked
     * against and SNI carries) with {@link TlsFiles#clientParameters}, handshakes and reads the
     * server's first line.
     *
     * @return the line read
     * @throws IOException what the handshake or the read threw
     */
    static String connect(SSLContext context, String host, int port, int readTimeoutMillis) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
        plain.setSoTimeout(readTimeoutMillis);
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
            s.setSSLParameters(TlsFiles.clientParameters(context, host));
            s.startHandshake();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
