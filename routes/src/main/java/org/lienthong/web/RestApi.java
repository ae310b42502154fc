package org.lienthong.web;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestParamType;
import org.lienthong.messages.SubmitRequest;

/**
 * The public REST API under {@code /api/v1}, declared in one place with its documentation: the OpenAPI
 * document served at {@code /api/v1/openapi.json} is generated from these declarations, so it cannot drift
 * from the code. Each operation hands over to its flow's route.
 */
public final class RestApi extends RouteBuilder {

    @Override
    public void configure() {
        restConfiguration()
                .component("platform-http")
                .contextPath("/api/v1")
                .bindingMode(RestBindingMode.off)
                .clientRequestValidation(false)
                .apiContextPath("/openapi.json")
                .apiProperty("api.title", "lienthong service bus API")
                .apiProperty("api.version", "v1")
                .apiProperty("api.description", "Agencies exchange messages through the bus: submit, follow the "
                        + "trail, poll a mailbox. Authenticate with 'Authorization: Bearer <agency API key>'; operators "
                        + "use HTTP Basic. Errors are RFC 7807 problems with a machine-readable 'code'.")
                .apiProperty("base.path", "/api/v1");

        rest("/messages").description("Generic messages")
                .post().id("rest.messages.submit")
                .description("Submit a message to one or more agencies. 202 means it is durably queued for every "
                        + "recipient. Re-sending the same id answers the first acceptance again.")
                .consumes("application/json").produces("application/json")
                .type(SubmitRequest.class)
                .responseMessage().code(202).message("Accepted and durably queued").endResponseMessage()
                .responseMessage().code(400).message("INVALID_MESSAGE / INVALID_JSON").endResponseMessage()
                .responseMessage().code(401).message("UNAUTHENTICATED").endResponseMessage()
                .responseMessage().code(409).message("ID_CONFLICT: id used by another agency").endResponseMessage()
                .responseMessage().code(413).message("PAYLOAD_TOO_LARGE").endResponseMessage()
                .responseMessage().code(415).message("UNSUPPORTED_MEDIA_TYPE").endResponseMessage()
                .responseMessage().code(422).message("UNKNOWN_RECIPIENT / RECIPIENT_REFUSES_TYPE").endResponseMessage()
                .to("direct:messages.submit")
                .get("/{id}").id("rest.messages.trail")
                .description("The message's trail: per-recipient state and every recorded event. For its sender, "
                        + "its recipients and operators.")
                .produces("application/json")
                .param().name("id").type(RestParamType.path).description("Message id").endParam()
                .responseMessage().code(200).message("The trail").endResponseMessage()
                .responseMessage().code(404).message("NOT_FOUND").endResponseMessage()
                .to("direct:messages.trail");

        rest("/edoc").description("e-Doc exchange: signed edXML packages (QCVN 102:2016)")
                .post().id("rest.edoc.send")
                .description("Submit a signed edXML document package; recipients are its To/OrganIds. The package is "
                        + "streamed to disk, its structure, sender and signature checked, and delivered unchanged.")
                .consumes("application/xml").produces("application/json")
                .responseMessage().code(202).message("Accepted: id, documentId, recipients").endResponseMessage()
                .responseMessage().code(400).message("INVALID_XML / INVALID_MESSAGE").endResponseMessage()
                .responseMessage().code(403).message("FORBIDDEN: From/OrganId is not the caller").endResponseMessage()
                .responseMessage().code(413).message("PAYLOAD_TOO_LARGE").endResponseMessage()
                .responseMessage().code(422).message("INVALID_SIGNATURE / UNKNOWN_RECIPIENT").endResponseMessage()
                .to("direct:edoc.send")
                .post("/status").id("rest.edoc.status")
                .description("Submit a signed edXML status packet; routed to ResponseFor/OrganId and recorded on the "
                        + "document's trail")
                .consumes("application/xml").produces("application/json")
                .to("direct:edoc.status");

        rest("/feedback").description("Citizen feedback (phản ánh, kiến nghị — PAKN)")
                .post().id("rest.feedback.submit")
                .description("A portal submits a citizen's feedback item; it is routed to its handling agency (named, "
                        + "or by topic) with a deadline. Role 'portal' only.")
                .consumes("application/json").produces("application/json")
                .type(org.lienthong.feedback.Feedback.class)
                .responseMessage().code(202).message("Accepted: the item's state and deadline").endResponseMessage()
                .to("direct:feedback.submit")
                .post("/{id}/reply").id("rest.feedback.reply")
                .description("The handling agency replies; the reply goes to the portal and every pakn-system agency")
                .param().name("id").type(RestParamType.path).endParam()
                .consumes("application/json").produces("application/json")
                .type(org.lienthong.feedback.FeedbackReply.class)
                .to("direct:feedback.reply")
                .get("/{id}").id("rest.feedback.state")
                .description("State (RECEIVED, DELIVERED, REPLIED, OVERDUE), deadline and replies")
                .param().name("id").type(RestParamType.path).endParam()
                .produces("application/json")
                .to("direct:feedback.state")
                .get().id("rest.feedback.overdue")
                .description("Overdue items (?overdue=true): an agency sees its own, operators all")
                .param().name("overdue").type(RestParamType.query).endParam()
                .produces("application/json")
                .to("direct:feedback.list");

        rest("/dossiers").description("Dossier (hồ sơ TTHC) status and results, for the portal and the PAKN system")
                .post().id("rest.dossiers.sync")
                .description("Dossier records (DongBoHoSoMC): a JSON array of objects with the portal's field names. "
                        + "Each record is validated alone; good ones are sent in the portal's JSON to every portal and "
                        + "pakn-system agency. 202 lists accepted message ids and rejected records; 400 when none is good.")
                .consumes("application/json").produces("application/json")
                .responseMessage().code(202).message("Accepted: {accepted, messageIds, rejected}").endResponseMessage()
                .responseMessage().code(400).message("INVALID_REQUEST: no record accepted; 'rejected' lists why")
                .endResponseMessage()
                .to("direct:dossier.sync")
                .post("/progress").id("rest.dossiers.progress")
                .description("Progress updates (CapNhatTienDoHoSoMC): a JSON array; same answers as records")
                .consumes("application/json").produces("application/json")
                .to("direct:dossier.progress")
                .get("/stats").id("rest.dossiers.stats")
                .description("Per reporting agency and procedure: received, resolved on time, resolved late, pending, "
                        + "overdue. For portal and pakn-system agencies and operators.")
                .param().name("month").type(RestParamType.query).required(false)
                .description("YYYY-MM (Asia/Ho_Chi_Minh), default this month").endParam()
                .param().name("agency").type(RestParamType.query).required(false)
                .description("Only this reporting agency").endParam()
                .param().name("format").type(RestParamType.query).required(false)
                .description("json (default) or csv").endParam()
                .produces("application/json,text/csv")
                .to("direct:dossier.stats");

        rest("/mailbox").description("Pull delivery for agencies that poll")
                .get().id("rest.mailbox.list")
                .description("Messages waiting for the caller, oldest first")
                .produces("application/json")
                .param().name("limit").type(RestParamType.query).dataType("integer").required(false)
                .description("At most this many (1-1000, default 100)").endParam()
                .to("direct:mailbox.list")
                .get("/{id}").id("rest.mailbox.fetch")
                .description("The payload as sent, with X-Lienthong-* headers")
                .param().name("id").type(RestParamType.path).endParam()
                .to("direct:mailbox.fetch")
                .post("/{id}/ack").id("rest.mailbox.ack")
                .description("Acknowledge receipt: the delivery becomes DELIVERED and leaves the mailbox")
                .param().name("id").type(RestParamType.path).endParam()
                .responseMessage().code(204).message("Acknowledged").endResponseMessage()
                .to("direct:mailbox.ack");

        rest("/agencies").description("The agency registry")
                .get().id("rest.agencies.list")
                .description("Registered agencies: code, name, roles, accepted types, delivery connector")
                .produces("application/json")
                .to("direct:agencies.list");

        rest("/admin").description("Operator calls (HTTP Basic with the operator account)")
                .get("/dead-letters").id("rest.admin.dead-letters")
                .description("Dead deliveries with the reason, newest first")
                .param().name("agency").type(RestParamType.query).required(false).endParam()
                .to("direct:admin.dead-letters")
                .post("/dead-letters/{messageId}/{agency}/replay").id("rest.admin.replay")
                .description("Re-queue one dead delivery")
                .param().name("messageId").type(RestParamType.path).endParam()
                .param().name("agency").type(RestParamType.path).endParam()
                .to("direct:admin.replay")
                .get("/usage").id("rest.admin.usage")
                .description("Usage per sender, type and recipient for a month")
                .param().name("month").type(RestParamType.query).description("YYYY-MM").endParam()
                .param().name("format").type(RestParamType.query).required(false).description("json or csv").endParam()
                .to("direct:admin.usage")
                .get("/trail/verify").id("rest.admin.trail-verify")
                .description("Walks the trail's hash chain of every node and the anchors: {valid, records, unchained, "
                        + "firstBroken, nodes}")
                .produces("application/json")
                .to("direct:admin.trail-verify");
    }
}
