package org.lienthong.config;

import org.lienthong.delivery.DeliveryScheduler;
import org.springframework.context.SmartLifecycle;

/**
 * Starts delivery once everything else runs (Camel routes, broker, database) and stops it first on
 * shutdown, so no delivery is cut off half-way by a closing route or broker.
 */
public final class DeliverySchedulerLifecycle implements SmartLifecycle {

    private final DeliveryScheduler scheduler;
    private volatile boolean running;

    public DeliverySchedulerLifecycle(DeliveryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    public DeliveryScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void start() {
        scheduler.start();
        running = true;
    }

    @Override
    public void stop() {
        try {
            scheduler.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // after Camel and the web server have started; stopped before them
        return Integer.MAX_VALUE - 100;
    }
}
