package org.lienthong.trail;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A real DataSource whose connections can be held back: while the gate is shut, {@link #getConnection()}
 * waits. The trail writer takes a connection once per transaction, so a test can hold the writer, queue
 * events, and know they will be written as one batch once the gate opens. Also counts transactions.
 */
final class GatedDataSource implements DataSource {

    private final DataSource delegate;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    GatedDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    void shut() {
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    /** Threads currently held at the gate. */
    int waiting() {
        return waiting.get();
    }

    /** Connections handed out since the last reset. */
    int connections() {
        return connections.get();
    }

    void resetCount() {
        connections.set(0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        CountDownLatch current = gate;
        waiting.incrementAndGet();
        try {
            if (!current.await(60, TimeUnit.SECONDS)) {
                throw new SQLException("test gate stayed shut");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted at the test gate", e);
        } finally {
            waiting.decrementAndGet();
        }
        connections.incrementAndGet();
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("not used by the trail");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
