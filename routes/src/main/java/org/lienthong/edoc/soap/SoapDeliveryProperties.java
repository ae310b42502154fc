package org.lienthong.edoc.soap;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the {@code soap} delivery connector.
 *
 * @param connectTimeout  TCP connect timeout towards recipients
 * @param receiveTimeout  longest silence while waiting for a recipient's answer
 * @param minTransferRate the slowest upload (per second) a recipient is allowed; sets each call's hard deadline
 * @param threads         SOAP deliveries in progress at once (each holds a thread while it runs)
 * @param queueCapacity   deliveries waiting for a thread before new ones are refused (and retried later)
 * @param maxClients      client proxies kept, one per recipient URL
 */
@ConfigurationProperties(prefix = "lienthong.delivery.soap")
public record SoapDeliveryProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration receiveTimeout,
        @DefaultValue("64KB") DataSize minTransferRate,
        @DefaultValue("32") int threads,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("1024") int maxClients) {
}
