package org.lienthong.delivery;

import org.apache.camel.builder.RouteBuilder;
import org.lienthong.connector.camel.ConnectorProcessor;
import org.lienthong.connector.file.FileConnector;
import org.lienthong.connector.rest.RestConnector;
import org.lienthong.connector.soap.SoapConnector;
import org.lienthong.mailbox.MailboxConnector;

/**
 * One route per delivery connector. The delivery scheduler sends each attempt here; the route runs the
 * connector asynchronously and returns its outcome. Ids are what Hawtio and the metrics show.
 */
public final class DeliveryRoutes extends RouteBuilder {

    private final RestConnector rest;
    private final FileConnector file;
    private final MailboxConnector mailbox;
    private final SoapConnector soap;

    public DeliveryRoutes(RestConnector rest, FileConnector file, MailboxConnector mailbox, SoapConnector soap) {
        this.rest = rest;
        this.file = file;
        this.mailbox = mailbox;
        this.soap = soap;
    }

    @Override
    public void configure() {
        from("direct:delivery.rest").routeId("delivery.rest")
                .process(new ConnectorProcessor(rest)).id("delivery.rest.post");
        from("direct:delivery.file").routeId("delivery.file")
                .process(new ConnectorProcessor(file)).id("delivery.file.write");
        from("direct:delivery.mailbox").routeId("delivery.mailbox")
                .process(new ConnectorProcessor(mailbox)).id("delivery.mailbox.store");
        from("direct:delivery.soap").routeId("delivery.soap")
                .process(new ConnectorProcessor(soap)).id("delivery.soap.send");
    }
}
