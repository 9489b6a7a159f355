package dev.distributor.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback port that refuses connections, as a server not up yet does, until {@link #open}; from then on it forwards
 * every connection to {@code targetHost:targetPort}. Closing it closes the listener and every forwarded connection.
 */
final class LateForward implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    private LateForward(int port, String targetHost, int targetPort) {
        this.port = port;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** A port nothing listens on yet (a free one, chosen now), to forward to the target once opened. */
    static LateForward to(String targetHost, int targetPort) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new LateForward(probe.getLocalPort(), targetHost, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** Starts listening and forwarding. */
    synchronized void open() {
        try {
            listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + port, e);
        }
        Thread accepting = new Thread(this::accept, "late-forward-" + port);
        accepting.setDaemon(true);
        accepting.start();
    }

    private void accept() {
        ServerSocket server = listener;
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the target refused this one: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "late-forward-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        sockets.forEach(LateForward::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
