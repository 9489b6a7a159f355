package dev.distributor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A plain TCP proxy for HTTP/1.1 between a shell agent and the test service that can make answers stall, the way a
 * broken network path or a hung load balancer does: the connection stays open and nothing more arrives. It reads each
 * connection's request (head, and a body of known Content-Length) and matches its text, e.g.
 * {@code POST /agent/v1/commands/<id>/status HTTP/1.1 ... STATUS=SUCCESS}, against the stalls it was told; every other
 * request passes through untouched. One request per connection (curl, as the agent runs it, opens one per call).
 */
public final class StallingProxy implements AutoCloseable {

    /** What happens to the answer of a matching request. */
    private record Stall(Pattern request, AtomicInteger remaining, long forwardedBodyBytes) {
    }

    private final ServerSocket server;
    private final URI target;
    private final List<Stall> stalls = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger stalled = new AtomicInteger();

    /** Listens on a free loopback port and forwards to {@code target} (scheme, host and port are used). */
    public StallingProxy(URI target) {
        this.target = target;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "stalling-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The base URL to give the agent as its {@code --server}: http://127.0.0.1:&lt;port&gt;. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * The next {@code count} requests whose text (request line, headers, body) {@code request} finds something in reach
     * the service, but not one byte of their answer comes back: the answer that never comes.
     */
    public StallingProxy stallAnswers(Pattern request, int count) {
        stalls.add(new Stall(request, new AtomicInteger(count), -1));
        return this;
    }

    /**
     * The next {@code count} matching requests get their answer's status line, headers and first {@code bodyBytes}
     * bytes of body, then nothing more: a transfer that stalls mid-body.
     */
    public StallingProxy stallBodiesAfter(Pattern request, int count, long bodyBytes) {
        stalls.add(new Stall(request, new AtomicInteger(count), bodyBytes));
        return this;
    }

    /** How many answers this proxy has held back so far. */
    public int stalled() {
        return stalled.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread worker = new Thread(() -> serve(client), "stalling-proxy-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(target.getHost(), target.getPort())) {
            sockets.add(upstream);
            InputStream fromClient = client.getInputStream();
            byte[] head = readHead(fromClient);
            byte[] body = fromClient.readNBytes(contentLength(head));
            Long forwarded = stallFor(new String(head, StandardCharsets.ISO_8859_1)
                    + new String(body, StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().write(head);
            upstream.getOutputStream().write(body);
            upstream.getOutputStream().flush();
            Thread requestPump = new Thread(() -> {
                pump(fromClient, outputOf(upstream), Long.MAX_VALUE);
                // The client is gone: so is the reason to read the service's answer.
                closeQuietly(upstream);
            }, "stalling-proxy-request");
            requestPump.setDaemon(true);
            requestPump.start();
            if (forwarded == null) {
                pump(upstream.getInputStream(), client.getOutputStream(), Long.MAX_VALUE);
            } else {
                stalled.incrementAndGet();
                pumpHeadAndBody(upstream.getInputStream(), client.getOutputStream(), forwarded);
                // Held open, silent, until the client gives up and closes its side.
                requestPump.join();
            }
        } catch (IOException e) {
            // a client or the service closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How many answer body bytes to forward (after the head) for this request, -1 for not even the head, or null when
     * it is not to stall.
     */
    private Long stallFor(String request) {
        for (Stall stall : stalls) {
            if (stall.request().matcher(request).find() && stall.remaining().getAndDecrement() > 0) {
                return stall.forwardedBodyBytes();
            }
        }
        return null;
    }

    private static int contentLength(byte[] head) {
        for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    /**
     * Forwards the answer's head and {@code bodyBytes} of its body (nothing at all when negative), then reads and drops
     * the rest until the service's side ends.
     */
    private static void pumpHeadAndBody(InputStream in, OutputStream out, long bodyBytes) {
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        long body = -1;
        try {
            int b;
            while ((b = in.read()) >= 0) {
                boolean forward = bodyBytes >= 0 && (body < 0 || body < bodyBytes);
                if (body >= 0) {
                    body++;
                } else {
                    matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                    if (matched == end.length) {
                        body = 0;
                    }
                }
                if (forward) {
                    out.write(b);
                    if (body >= 0) {
                        out.flush();
                    }
                }
            }
        } catch (IOException e) {
            // the other side closed
        }
    }

    /** The request head up to and including the empty line (what follows stays in the stream for the pump). */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    /** Copies up to {@code limit} bytes, then reads and drops the rest, until {@code in} ends. */
    private static void pump(InputStream in, OutputStream out, long limit) {
        byte[] buffer = new byte[8192];
        long copied = 0;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int forward = (int) Math.max(0, Math.min(n, limit - copied));
                if (forward > 0) {
                    out.write(buffer, 0, forward);
                    out.flush();
                    copied += forward;
                }
            }
        } catch (IOException e) {
            // the other side closed
        }
    }

    private static OutputStream outputOf(Socket socket) {
        try {
            return socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
