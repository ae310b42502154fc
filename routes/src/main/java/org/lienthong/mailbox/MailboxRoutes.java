package org.lienthong.mailbox;

import org.apache.camel.builder.RouteBuilder;
import org.lienthong.web.ApiErrorHandling;
import org.lienthong.web.CallerAuthenticator;

/** Mailbox API routes: {@code mailbox.list}, {@code mailbox.fetch}, {@code mailbox.ack}. */
public final class MailboxRoutes extends RouteBuilder {

    private final CallerAuthenticator authenticator;
    private final MailboxApi api;

    public MailboxRoutes(CallerAuthenticator authenticator, MailboxApi api) {
        this.authenticator = authenticator;
        this.api = api;
    }

    @Override
    public void configure() {
        from("direct:mailbox.list").routeId("mailbox.list").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::list).id("mailbox.list.read");
        from("direct:mailbox.fetch").routeId("mailbox.fetch").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::fetch).id("mailbox.fetch.read");
        from("direct:mailbox.ack").routeId("mailbox.ack").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(api::acknowledge).id("mailbox.ack.record");
    }
}
