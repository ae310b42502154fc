package org.lienthong.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How an agency receives messages, as registered. The retry fields are per-agency overrides; {@code null}
 * means "use the node's default" ({@code lienthong.delivery.retry.*}).
 *
 * @param connector      {@code rest}, {@code soap}, {@code file} or {@code mailbox}
 * @param url            the rest/soap endpoint; for {@code file} an absolute directory (a relative one in the
 *                       registry file is resolved against the data dir); {@code null} for mailbox
 * @param maxAttempts    attempts before the delivery goes DEAD, or null
 * @param initialBackoff wait before the first retry, or null
 * @param maxBackoff     longest wait between retries, or null
 */
public record AgencyDelivery(String connector, String url, Integer maxAttempts, Duration initialBackoff,
                             Duration maxBackoff) {

    public static final String REST = "rest";
    public static final String SOAP = "soap";
    public static final String FILE = "file";
    public static final String MAILBOX = "mailbox";

    public static final AgencyDelivery MAILBOX_ONLY = new AgencyDelivery(MAILBOX, null, null, null, null);

    public AgencyDelivery {
        Objects.requireNonNull(connector, "connector");
    }

    /** True when the bus pushes to the agency (rest, soap, file) rather than keeping messages for polling. */
    public boolean isPush() {
        return !MAILBOX.equals(connector);
    }
}
