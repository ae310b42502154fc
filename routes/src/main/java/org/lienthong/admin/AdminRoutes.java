package org.lienthong.admin;

import org.apache.camel.builder.RouteBuilder;
import org.lienthong.trail.TrailVerifier;
import org.lienthong.web.ApiErrorHandling;
import org.lienthong.web.CallerAuthenticator;

/**
 * Operator API routes: {@code admin.dead-letters}, {@code admin.replay}, {@code admin.usage},
 * {@code admin.trail-verify}; and {@code trail.anchor}, which anchors the trail's hash chain periodically.
 */
public final class AdminRoutes extends RouteBuilder {

    private final CallerAuthenticator authenticator;
    private final AdminApi api;
    private final TrailVerifier verifier;
    private final long anchorMillis;

    public AdminRoutes(CallerAuthenticator authenticator, AdminApi api, TrailVerifier verifier, long anchorMillis) {
        this.authenticator = authenticator;
        this.api = api;
        this.verifier = verifier;
        this.anchorMillis = anchorMillis;
    }

    @Override
    public void configure() {
        from("direct:admin.dead-letters").routeId("admin.dead-letters").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::deadLetters).id("admin.dead-letters.list");
        from("direct:admin.replay").routeId("admin.replay").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::replay).id("admin.replay.requeue");
        from("direct:admin.usage").routeId("admin.usage").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::usage).id("admin.usage.read");
        from("direct:admin.trail-verify").routeId("admin.trail-verify").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::verifyTrail).id("admin.trail-verify.walk");
        // first anchor a minute after start, then every interval
        fromF("timer:trail-anchor?delay=%d&period=%d", Math.min(60_000L, anchorMillis), anchorMillis)
                .routeId("trail.anchor")
                .process(exchange -> verifier.anchor()).id("trail.anchor.record");
    }
}
