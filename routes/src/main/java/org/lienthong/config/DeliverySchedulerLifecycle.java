package org.lienthong.config;

import org.lienthong.delivery.DeliveryScheduler;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Starts delivery once the whole node runs (Camel routes, broker, database: the application is ready) and
 * stops it before anything else on shutdown, ahead of Camel's own stop, so that no delivery meets a
 * stopped route or broker half-way.
 */
public final class DeliverySchedulerLifecycle implements ApplicationListener<ApplicationEvent>, Ordered {

    private final DeliveryScheduler scheduler;
    private boolean started;

    public DeliverySchedulerLifecycle(DeliveryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    public DeliveryScheduler scheduler() {
        return scheduler;
    }

    @Override
    public synchronized void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationReadyEvent && !started) {
            started = true;
            scheduler.start();
        } else if (event instanceof ContextClosedEvent && started) {
            started = false;
            try {
                scheduler.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
