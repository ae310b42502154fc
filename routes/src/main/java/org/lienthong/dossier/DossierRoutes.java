package org.lienthong.dossier;

import org.apache.camel.builder.RouteBuilder;
import org.lienthong.web.ApiErrorHandling;
import org.lienthong.web.CallerAuthenticator;

/** The dossier (TTHC) flow's REST routes: records, progress updates, statistics. */
public final class DossierRoutes extends RouteBuilder {

    private final CallerAuthenticator authenticator;
    private final DossierApi api;
    private final DossierStatsApi stats;

    public DossierRoutes(CallerAuthenticator authenticator, DossierApi api, DossierStatsApi stats) {
        this.authenticator = authenticator;
        this.api = api;
        this.stats = stats;
    }

    @Override
    public void configure() {
        from("direct:dossier.sync").routeId("dossier.ingress").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::sync).id("dossier.ingress.records");
        from("direct:dossier.progress").routeId("dossier.progress").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::progress).id("dossier.progress.updates");
        from("direct:dossier.stats").routeId("dossier.stats").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(stats::stats).id("dossier.stats.read");
    }
}
