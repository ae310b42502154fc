package org.lienthong.messages;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for messages whose sender gave none: version 7 UUIDs (RFC 9562), a millisecond timestamp followed by 74
 * random bits. They are as unguessable as random UUIDs for anyone without the time of sending, and they sort by
 * time, so the database indexes keyed by message id grow at their end instead of at random places: a batch of
 * trail writes then dirties a few index pages instead of one page per message.
 */
public final class MessageIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private MessageIds() {
    }

    public static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16      // 48-bit unix_ts_ms
                | 0x7000L                                        // version 7
                | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL); // rand_a, 12 bits
        long low = 0x8000_0000_0000_0000L;                       // variant 10
        for (int i = 2; i < 10; i++) {
            low |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        low = (low & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
