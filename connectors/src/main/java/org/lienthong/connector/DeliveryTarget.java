package org.lienthong.connector;

import java.util.Objects;

/**
 * Where a connector delivers, as registered for the recipient agency.
 *
 * @param connector the connector name ({@code rest}, {@code file}, {@code soap})
 * @param url       the endpoint URL, or for {@code file} an absolute directory
 */
public record DeliveryTarget(String connector, String url) {
    public DeliveryTarget {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(url, "url");
    }
}
