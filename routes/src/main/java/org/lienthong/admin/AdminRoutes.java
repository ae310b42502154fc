package org.lienthong.admin;

import org.apache.camel.builder.RouteBuilder;
import org.lienthong.web.ApiErrorHandling;
import org.lienthong.web.CallerAuthenticator;

/** Operator API routes: {@code admin.dead-letters}, {@code admin.replay}, {@code admin.usage}. */
public final class AdminRoutes extends RouteBuilder {

    private final CallerAuthenticator authenticator;
    private final AdminApi api;

    public AdminRoutes(CallerAuthenticator authenticator, AdminApi api) {
        this.authenticator = authenticator;
        this.api = api;
    }

    @Override
    public void configure() {
        from("direct:admin.dead-letters").routeId("admin.dead-letters").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::deadLetters).id("admin.dead-letters.list");
        from("direct:admin.replay").routeId("admin.replay").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::replay).id("admin.replay.requeue");
        from("direct:admin.usage").routeId("admin.usage").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::usage).id("admin.usage.read");
    }
}
