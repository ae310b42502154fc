package org.lienthong.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An HTTP/1.1 load generator on Netty: a fixed pool of keep-alive connections served by ONE event-loop thread
 * (no thread per request, no pipelining). Two modes:
 * <ul>
 *   <li><b>closed</b> ({@link #startClosed()}): every connection sends its next request as soon as the answer to the
 *       previous one has been read: the maximum throughput the server sustains with that many clients;</li>
 *   <li><b>open</b> ({@link #startOpen(double, long)}): request {@code i} is due at {@code start + i/R}, whatever the
 *       server does; a due request waits for a free connection if none is idle, and its latency is measured from
 *       its <em>intended</em> time, so a stalled server is charged for the requests it delayed (no coordinated
 *       omission). A separate ticker thread releases due requests with sub-millisecond precision.</li>
 * </ul>
 * Counts 2xx, other statuses and transport errors; latencies in microseconds go to an HdrHistogram
 * {@link Recorder}, only for requests whose intended (open) or actual (closed) send time lies in the measure
 * window set by {@link #window(long, long)}.
 */
final class HttpLoad implements AutoCloseable {

    /** The body of request {@code seq}, intended at {@code intendedNanos} (System.nanoTime of this JVM). */
    interface Bodies {
        ByteBuf body(ByteBufAllocator alloc, long seq, long intendedNanos);
    }

    final AtomicLong sent = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong non2xx = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    /** Connections replaced: after "Connection: close" from the server, or after an unexpected close. */
    final AtomicLong reconnects = new AtomicLong();
    /** Latency in µs: intended time (open) or send time (closed) → the last byte of the answer. */
    final Recorder latency = new Recorder(3);
    /** Open model: µs between a request's intended time and its actual write (the generator's own lag plus waiting for a connection). */
    final Recorder sendLag = new Recorder(3);

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("gen-loop", true));
    private final EventLoop loop = group.next();
    private final String host;
    private final int port;
    private final String path;
    private final int connections;
    private final IntFunction<HttpHeaders> headersOfConnection;
    private final Bodies bodies;

    // loop-thread state
    private final List<Conn> conns = new ArrayList<>();
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final BitSet accepted = new BitSet();
    private volatile boolean stopping;
    private boolean open;
    private long openStart;
    private double periodNanos;
    private long nextSeq;
    private long maxBacklog = Long.MAX_VALUE;
    private long backlogPeak;

    private volatile int inFlight;
    private volatile long windowStart = Long.MIN_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile String firstProblem;
    private volatile boolean overloaded;
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong acceptedInWindow = new AtomicLong();
    private volatile long scheduled = Long.MAX_VALUE;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private Thread ticker;

    HttpLoad(String host, int port, String path, int connections, IntFunction<HttpHeaders> headersOfConnection,
             Bodies bodies) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.connections = connections;
        this.headersOfConnection = headersOfConnection;
        this.bodies = bodies;
    }

    /** Common headers: Host, Content-Type, keep-alive (HTTP/1.1 default), plus the caller's. */
    static HttpHeaders headers(String host, int port, String contentType, Map<String, String> extra) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.HOST, host + ":" + port);
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.set(HttpHeaderNames.ACCEPT, "*/*");
        extra.forEach(headers::set);
        return headers;
    }

    /** Opens the connection pool; throws when fewer than all connect. */
    HttpLoad connect() throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
        List<ChannelFuture> futures = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Conn conn = new Conn(i, headersOfConnection.apply(i));
            futures.add(connect(bootstrap, conn));
        }
        for (ChannelFuture future : futures) {
            if (!future.await(10, TimeUnit.SECONDS) || !future.isSuccess()) {
                throw new IllegalStateException("cannot connect to " + host + ":" + port + ": " + future.cause());
            }
        }
        return this;
    }

    private ChannelFuture connect(Bootstrap bootstrap, Conn conn) {
        return bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                // requests are written as pre-encoded bytes (see send); only responses are decoded
                ch.pipeline().addLast(new HttpResponseDecoder(4096, 8192, 65536), conn);
            }
        }).connect(host, port).addListener(f -> {
            if (f.isSuccess()) {
                conn.channel = ((ChannelFuture) f).channel();
                conn.bootstrap = bootstrap;
                conns.add(conn);
                idle.add(conn);
            }
        });
    }

    /** Only requests intended (open) or sent (closed) in [start, end) go to the latency histogram. */
    void window(long startNanos, long endNanos) {
        windowStart = startNanos;
        windowEnd = endNanos;
    }

    /** Closed model: every connection keeps exactly one request outstanding until {@link #stop()}. */
    void startClosed() {
        loop.execute(() -> {
            open = false;
            while (!idle.isEmpty()) {
                Conn conn = idle.poll();
                send(conn, nextSeq++, System.nanoTime());
            }
        });
    }

    /**
     * Open model at {@code rate} requests per second: request {@code i} is due at {@code startNanos + i/rate}, for
     * every {@code i} due before {@code endNanos}. Requests due but not yet sent (no idle connection) wait in order
     * and are sent as connections free up, also after {@code endNanos}, so every request of the schedule is sent
     * and timed from its intended time; a backlog above {@code maxBacklog} ends the run as overloaded.
     */
    void startOpen(double rate, long startNanos, long endNanos, long maxBacklog) {
        this.periodNanos = 1e9 / rate;
        this.openStart = startNanos;
        this.maxBacklog = maxBacklog;
        this.scheduled = (long) Math.ceil((endNanos - startNanos) / periodNanos);
        loop.execute(() -> open = true);
        ticker = new Thread(() -> tick(startNanos), "gen-ticker");
        ticker.setDaemon(true);
        ticker.start();
    }

    private void tick(long start) {
        long releasedSoFar = 0;
        while (!stopping && !overloaded && releasedSoFar < scheduled) {
            long due = start + (long) (releasedSoFar * periodNanos);
            long wait = due - System.nanoTime();
            if (wait > 20_000) {
                LockSupport.parkNanos(wait - 10_000);
                continue;
            }
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            long now = System.nanoTime();
            releasedSoFar = Math.min(scheduled, (long) Math.floor((now - start) / periodNanos) + 1);
            released.set(releasedSoFar);
            if (drainScheduled.compareAndSet(false, true)) {
                loop.execute(this::drain);
            }
        }
    }

    /**
     * Open model: waits until every scheduled request has been sent and answered (or the run was overloaded);
     * false at the timeout.
     */
    boolean awaitSchedule(long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (overloaded) {
                return false;
            }
            boolean done = loop.submit(() -> nextSeq >= scheduled && inFlight == 0).get();
            if (done) {
                return true;
            }
            Thread.sleep(20);
        }
        problem("the schedule was not complete after " + timeoutMillis + " ms");
        return false;
    }

    /** Open model: requests intended in the measure window that were answered 2xx. */
    long acceptedInWindow() {
        return acceptedInWindow.get();
    }

    /** Loop thread: sends every released request there is an idle connection for. */
    private void drain() {
        drainScheduled.set(false);
        if (stopping) {
            return;
        }
        long upTo = released.get();
        while (nextSeq < upTo && !idle.isEmpty()) {
            Conn conn = idle.poll();
            long seq = nextSeq++;
            send(conn, seq, openStart + (long) (seq * periodNanos));
        }
        long backlog = upTo - nextSeq;
        backlogPeak = Math.max(backlogPeak, backlog);
        if (backlog > maxBacklog && !overloaded) {
            overloaded = true;
            problem("overloaded: more than " + maxBacklog + " due requests were waiting for a free connection");
        }
    }

    private void send(Conn conn, long seq, long intended) {
        long now = System.nanoTime();
        if (open) {
            sendLag.recordValue(Math.max(0, (now - intended) / 1000));
        }
        // the request head is encoded once per connection; each request is one pooled buffer: head,
        // Content-Length, body (no per-request header objects: the generator must cost far less than the server)
        ByteBuf body = bodies.body(conn.channel.alloc(), seq, intended);
        int length = body.readableBytes();
        ByteBuf request = conn.channel.alloc().buffer(conn.head.length + 40 + length);
        request.writeBytes(conn.head);
        request.writeBytes(CONTENT_LENGTH);
        writeDecimal(request, length);
        request.writeBytes(CRLFCRLF);
        request.writeBytes(body);
        body.release();
        conn.seq = seq;
        conn.intended = intended;
        conn.status = 0;
        inFlight++;
        sent.incrementAndGet();
        conn.channel.writeAndFlush(request, conn.channel.voidPromise());
    }

    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLFCRLF = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static void writeDecimal(ByteBuf out, int value) {
        String digits = Integer.toString(value);
        for (int i = 0; i < digits.length(); i++) {
            out.writeByte(digits.charAt(i));
        }
    }

    /** "POST path HTTP/1.1\r\n" and every header line but Content-Length, once per connection. */
    private byte[] encodeHead(HttpHeaders headers) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : headers) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void completed(Conn conn) {
        long now = System.nanoTime();
        inFlight--;
        int status = conn.status;
        statuses.merge(status, 1L, Long::sum);
        if (status >= 200 && status < 300) {
            ok.incrementAndGet();
            if (conn.seq <= Integer.MAX_VALUE) {
                accepted.set((int) conn.seq);
            }
        } else {
            non2xx.incrementAndGet();
            problem("HTTP " + status + " answered");
        }
        if (conn.intended >= windowStart && conn.intended < windowEnd) {
            latency.recordValue(Math.max(0, (now - conn.intended) / 1000));
            if (status >= 200 && status < 300) {
                acceptedInWindow.incrementAndGet();
            }
        }
        conn.seq = -1;
        if (conn.closing) {
            // the server answered "Connection: close" (Tomcat does after max-keep-alive-requests, 100 by default):
            // as any HTTP/1.1 client, open a new connection at once instead of reusing this one
            conn.channel.close();
            replace(conn, 0);
        } else if (stopping) {
            idle.add(conn);
        } else if (open) {
            idle.add(conn);
            drain();
        } else {
            send(conn, nextSeq++, now);
        }
    }

    /** Loop thread: takes a connection out of the pool and opens its replacement after {@code delayMillis}. */
    private void replace(Conn old, long delayMillis) {
        old.replaced = true;
        reconnects.incrementAndGet();
        idle.remove(old);
        conns.remove(old);
        if (stopping || old.bootstrap == null) {
            return;
        }
        loop.schedule(() -> {
            if (stopping) {
                return;
            }
            connect(old.bootstrap, new Conn(old.index, old.headers)).addListener(f -> {
                if (!f.isSuccess()) {
                    errors.incrementAndGet();
                    problem("reconnect failed: " + f.cause());
                    Conn retry = new Conn(old.index, old.headers);
                    retry.bootstrap = old.bootstrap;
                    replace(retry, 100);
                } else if (open) {
                    drain();
                } else if (!stopping && !idle.isEmpty()) {
                    Conn fresh = idle.poll();
                    send(fresh, nextSeq++, System.nanoTime());
                }
            });
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void failed(Conn conn, Throwable cause) {
        if (conn.seq >= 0) {
            inFlight--;
            conn.seq = -1;
            errors.incrementAndGet();
            problem("transport error: " + (cause == null ? "connection closed" : cause.toString()));
        }
    }

    private void problem(String what) {
        if (firstProblem == null) {
            firstProblem = what;
        }
    }

    /** Stops issuing requests; those in flight still complete. */
    void stop() {
        stopping = true;
        loop.execute(() -> stopping = true);
        if (ticker != null) {
            ticker.interrupt();
        }
    }

    /** Waits until no request is in flight; returns how many still were at the timeout (counted as errors). */
    int awaitQuiet(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (inFlight > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        int left = inFlight;
        if (left > 0) {
            errors.addAndGet(left);
            problem(left + " requests unanswered after " + timeoutMillis + " ms");
        }
        return left;
    }

    /** Status code → count (0: no status line seen). */
    Map<Integer, Long> statuses() throws Exception {
        return loop.submit(() -> new TreeMap<>(statuses)).get();
    }

    /** The sequence numbers answered 2xx. */
    BitSet accepted() throws Exception {
        return loop.submit(() -> (BitSet) accepted.clone()).get();
    }

    long backlogPeak() throws Exception {
        return loop.submit(() -> backlogPeak).get();
    }

    long issued() throws Exception {
        return loop.submit(() -> nextSeq).get();
    }

    boolean overloaded() {
        return overloaded;
    }

    String firstProblem() {
        return firstProblem;
    }

    @Override
    public void close() {
        stop();
        try {
            loop.submit(() -> {
                for (Conn conn : new ArrayList<>(conns)) {
                    conn.channel.close();
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway below
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Percentiles of a histogram in ms, as a map for the results. */
    static Map<String, Object> summary(Histogram h) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return out;
        }
        out.put("p50_ms", ms(h.getValueAtPercentile(50)));
        out.put("p90_ms", ms(h.getValueAtPercentile(90)));
        out.put("p99_ms", ms(h.getValueAtPercentile(99)));
        out.put("p999_ms", ms(h.getValueAtPercentile(99.9)));
        out.put("max_ms", ms(h.getMaxValue()));
        out.put("mean_ms", Math.round(h.getMean()) / 1000.0);
        return out;
    }

    static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    /** One keep-alive connection; all its callbacks run on the generator's single loop thread. */
    private final class Conn extends SimpleChannelInboundHandler<HttpObject> {
        final int index;
        final HttpHeaders headers;
        final byte[] head;
        Bootstrap bootstrap;
        Channel channel;
        long seq = -1;
        long intended;
        int status;
        boolean closing;
        boolean replaced;

        Conn(int index, HttpHeaders headers) {
            this.index = index;
            this.headers = headers;
            this.head = encodeHead(headers);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
                closing = !HttpUtil.isKeepAlive(response);
            }
            if (msg instanceof LastHttpContent && seq >= 0) {
                completed(this);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(this, cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (replaced) {
                return;
            }
            // closed without warning: what was in flight on it is a transport error; the pool keeps its size
            failed(this, null);
            replace(this, 100);
        }
    }
}
