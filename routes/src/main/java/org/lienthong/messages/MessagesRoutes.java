package org.lienthong.messages;

import org.apache.camel.builder.RouteBuilder;
import org.lienthong.web.ApiErrorHandling;
import org.lienthong.web.CallerAuthenticator;

/** The generic message flow's API routes: ingress ({@code messages.ingress}) and the trail lookup. */
public final class MessagesRoutes extends RouteBuilder {

    private final CallerAuthenticator authenticator;
    private final MessagesApi api;

    public MessagesRoutes(CallerAuthenticator authenticator, MessagesApi api) {
        this.authenticator = authenticator;
        this.api = api;
    }

    @Override
    public void configure() {
        from("direct:messages.submit").routeId("messages.ingress").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).id("messages.ingress.authenticate")
                .process(api::submit).id("messages.ingress.accept");

        from("direct:messages.trail").routeId("messages.trail").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).id("messages.trail.authenticate")
                .process(api::trail).id("messages.trail.read");
    }
}
