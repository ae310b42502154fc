package org.lienthong.bench;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.HdrHistogram.Recorder;

/**
 * The recipient the bus's {@code rest} connector delivers to: a Netty HTTP server on 127.0.0.1 that answers
 * {@code 200} with an empty body to every request as soon as the request's last byte is read, and counts.
 * <ul>
 *   <li>{@code /inbox}: bus messages; reads run, sequence number and intended send time from the first bytes of
 *       the payload ({@link Payloads}), marks the sequence number delivered in its run's {@link Track} (repeats
 *       are counted as duplicates) and records intended send → receipt in the run's HdrHistogram;</li>
 *   <li>{@code /r/<n>}: fan-out recipient {@code n}; the time of the first delivery to each is kept;</li>
 *   <li>{@code /large}: the large package; streamed (never held), counted and CRC32C-checked.</li>
 * </ul>
 */
final class Receiver implements AutoCloseable {

    private static final int HEAD = 256;

    /** Deliveries to /inbox, of any run (sampled at window edges for the delivery rate). */
    final AtomicLong inbox = new AtomicLong();
    final AtomicLong unparsed = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("recv-boss", true));
    private final EventLoopGroup workers;
    private final Channel server;
    private final Map<Integer, Track> tracks = new ConcurrentHashMap<>();
    private volatile Fanout fanout;
    private volatile Large large;

    Receiver(int threads) throws InterruptedException {
        workers = new NioEventLoopGroup(threads, new DefaultThreadFactory("recv-loop", true));
        server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(4096, 16384, 65536),
                                new HttpServerExpectContinueHandler(), new Handler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** One bus run: which sequence numbers arrived, and the latency of those intended inside the window. */
    static final class Track {
        final int run;
        final Recorder e2e = new Recorder(3);
        final AtomicLong received = new AtomicLong();
        private final BitSet delivered = new BitSet();
        private long duplicates;
        volatile long windowStart = Long.MIN_VALUE;
        volatile long windowEnd = Long.MAX_VALUE;

        Track(int run) {
            this.run = run;
        }

        synchronized void mark(long seq) {
            if (delivered.get((int) seq)) {
                duplicates++;
            } else {
                delivered.set((int) seq);
            }
        }

        synchronized BitSet delivered() {
            return (BitSet) delivered.clone();
        }

        synchronized long duplicates() {
            return duplicates;
        }
    }

    Track track(int run) {
        return tracks.computeIfAbsent(run, Track::new);
    }

    /** A fan-out round to recipients 1..n. */
    static final class Fanout {
        final int n;
        final long[] first;
        final AtomicInteger distinct = new AtomicInteger();
        final AtomicLong total = new AtomicLong();
        final CountDownLatch all = new CountDownLatch(1);
        volatile long lastNanos;

        Fanout(int n) {
            this.n = n;
            this.first = new long[n + 1];
        }

        void arrived(int recipient, long now) {
            total.incrementAndGet();
            if (recipient < 1 || recipient > n) {
                return;
            }
            synchronized (this) {
                if (first[recipient] != 0) {
                    return;
                }
                first[recipient] = now;
            }
            if (distinct.incrementAndGet() == n) {
                lastNanos = now;
                all.countDown();
            }
        }
    }

    Fanout fanout(int n) {
        Fanout f = new Fanout(n);
        fanout = f;
        return f;
    }

    /** The large package's delivery. */
    static final class Large {
        final CountDownLatch done = new CountDownLatch(1);
        volatile long bytes;
        volatile long crc;
        volatile long firstByteNanos;
        volatile long endNanos;
        final AtomicInteger deliveries = new AtomicInteger();
    }

    Large large() {
        Large l = new Large();
        large = l;
        return l;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private enum Kind { INBOX, FANOUT, LARGE, OTHER }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private final byte[] head = new byte[HEAD];
        private int headLength;
        private long bodyLength;
        private Kind kind = Kind.OTHER;
        private int recipient;
        private boolean keepAlive;
        private CRC32C crc;
        private long firstByte;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    begin(request);
                }
                if (msg instanceof HttpContent content) {
                    body(content.content());
                }
                if (msg instanceof LastHttpContent) {
                    end(ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void begin(HttpRequest request) {
            String uri = request.uri();
            headLength = 0;
            bodyLength = 0;
            crc = null;
            recipient = 0;
            firstByte = System.nanoTime();
            keepAlive = HttpUtil.isKeepAlive(request);
            if (uri.startsWith("/inbox")) {
                kind = Kind.INBOX;
            } else if (uri.startsWith("/r/")) {
                kind = Kind.FANOUT;
                try {
                    recipient = Integer.parseInt(uri.substring(3));
                } catch (NumberFormatException e) {
                    recipient = -1;
                }
            } else if (uri.startsWith("/large")) {
                kind = Kind.LARGE;
                crc = new CRC32C();
            } else {
                kind = Kind.OTHER;
            }
        }

        private void body(ByteBuf buf) {
            int n = buf.readableBytes();
            if (n == 0) {
                return;
            }
            bodyLength += n;
            if (headLength < HEAD && kind == Kind.INBOX) {
                int k = Math.min(n, HEAD - headLength);
                buf.getBytes(buf.readerIndex(), head, headLength, k);
                headLength += k;
            }
            if (crc != null) {
                for (ByteBuffer nio : buf.nioBuffers()) {
                    crc.update(nio);
                }
            }
        }

        private void end(ChannelHandlerContext ctx) {
            long now = System.nanoTime();
            requests.incrementAndGet();
            bytes.addAndGet(bodyLength);
            switch (kind) {
                case INBOX -> {
                    inbox.incrementAndGet();
                    Payloads.Stamp stamp = Payloads.parse(head, headLength);
                    if (stamp == null) {
                        unparsed.incrementAndGet();
                        break;
                    }
                    Track track = tracks.get(stamp.run());
                    if (track == null) {
                        unparsed.incrementAndGet();
                        break;
                    }
                    track.received.incrementAndGet();
                    track.mark(stamp.seq());
                    if (stamp.t0() >= track.windowStart && stamp.t0() < track.windowEnd) {
                        track.e2e.recordValue(Math.max(0, (now - stamp.t0()) / 1000));
                    }
                }
                case FANOUT -> {
                    Fanout f = fanout;
                    if (f != null) {
                        f.arrived(recipient, now);
                    }
                }
                case LARGE -> {
                    Large l = large;
                    if (l != null) {
                        l.deliveries.incrementAndGet();
                        l.bytes = bodyLength;
                        l.crc = crc.getValue();
                        l.firstByteNanos = firstByte;
                        l.endNanos = now;
                        l.done.countDown();
                    }
                }
                default -> {
                }
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.EMPTY_BUFFER);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            if (keepAlive) {
                ctx.writeAndFlush(response, ctx.voidPromise());
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
