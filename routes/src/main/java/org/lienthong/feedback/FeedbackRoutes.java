package org.lienthong.feedback;

import org.apache.camel.builder.RouteBuilder;
import org.lienthong.web.ApiErrorHandling;
import org.lienthong.web.CallerAuthenticator;

/** The feedback (PAKN) flow's REST routes and its deadline watch ({@code feedback.overdue}). */
public final class FeedbackRoutes extends RouteBuilder {

    private final CallerAuthenticator authenticator;
    private final FeedbackApi api;
    private final FeedbackService feedback;
    private final long overdueCheckMillis;

    public FeedbackRoutes(CallerAuthenticator authenticator, FeedbackApi api, FeedbackService feedback,
                          long overdueCheckMillis) {
        this.authenticator = authenticator;
        this.api = api;
        this.feedback = feedback;
        this.overdueCheckMillis = overdueCheckMillis;
    }

    @Override
    public void configure() {
        from("direct:feedback.submit").routeId("feedback.ingress").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::submit).id("feedback.ingress.route");
        from("direct:feedback.reply").routeId("feedback.reply").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::reply).id("feedback.reply.forward");
        from("direct:feedback.state").routeId("feedback.state").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::state).id("feedback.state.read");
        from("direct:feedback.list").routeId("feedback.list").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::list).id("feedback.list.overdue");
        fromF("timer:feedback-overdue?period=%d&delay=%d", overdueCheckMillis, overdueCheckMillis)
                .routeId("feedback.overdue")
                .process(exchange -> feedback.flagOverdue()).id("feedback.overdue.flag");
    }
}
