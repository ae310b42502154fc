package org.lienthong.edoc;

import org.apache.camel.builder.RouteBuilder;
import org.lienthong.web.ApiErrorHandling;
import org.lienthong.web.CallerAuthenticator;

/** The e-Doc flow's REST ingress: {@code edoc.ingress} (packages) and {@code edoc.status} (status packets). */
public final class EdocRoutes extends RouteBuilder {

    private final CallerAuthenticator authenticator;
    private final EdocApi api;

    public EdocRoutes(CallerAuthenticator authenticator, EdocApi api) {
        this.authenticator = authenticator;
        this.api = api;
    }

    @Override
    public void configure() {
        from("direct:edoc.send").routeId("edoc.ingress").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).id("edoc.ingress.authenticate")
                .process(api::sendDocument).id("edoc.ingress.accept");
        from("direct:edoc.status").routeId("edoc.status").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).id("edoc.status.authenticate")
                .process(api::sendStatus).id("edoc.status.accept");
    }
}
