package org.lienthong.edoc;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.lienthong.registry.Agency;
import org.lienthong.web.CallerAuthenticator;
import org.lienthong.web.HttpRequests;
import org.lienthong.web.HttpResponses;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/** {@code POST /api/v1/edoc} and {@code POST /api/v1/edoc/status}: an edXML body, streamed to disk, checked, accepted. */
public final class EdocApi {

    private final EdocService edoc;
    private final HttpResponses responses;
    private final long maxBytes;

    public EdocApi(EdocService edoc, HttpResponses responses, long maxBytes) {
        this.edoc = edoc;
        this.responses = responses;
        this.maxBytes = maxBytes;
    }

    public void sendDocument(Exchange exchange) {
        receive(exchange, EdocPackage.Kind.DOCUMENT);
    }

    public void sendStatus(Exchange exchange) {
        receive(exchange, EdocPackage.Kind.STATUS);
    }

    private void receive(Exchange exchange, EdocPackage.Kind kind) {
        Agency sender = CallerAuthenticator.requireAgency(exchange);
        String mediaType = HttpRequests.mediaType(exchange);
        if (!"application/xml".equals(mediaType) && !"text/xml".equals(mediaType)) {
            throw new ProblemException(Problem.UNSUPPORTED_MEDIA_TYPE, "Send the edXML package as application/xml");
        }
        long declared = HttpRequests.servletRequest(exchange).getContentLengthLong();
        if (declared > maxBytes) {
            throw new ProblemException(Problem.PAYLOAD_TOO_LARGE, "The package exceeds " + maxBytes + " bytes");
        }
        EdocService.Staged staged;
        try (InputStream in = HttpRequests.servletRequest(exchange).getInputStream()) {
            staged = edoc.stage(in);
        } catch (IOException e) {
            throw new ProblemException(Problem.INVALID_REQUEST, "The package could not be received completely");
        }
        try {
            EdocMailbox.EdocReceipt receipt = edoc.accept(sender, staged, kind);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", receipt.messageId());
            body.put("documentId", receipt.documentId());
            body.put("status", "ACCEPTED");
            body.put("recipients", receipt.recipients().stream().map(to -> Map.of("to", to, "status", "QUEUED")).toList());
            if (receipt.duplicate()) {
                body.put("duplicate", true);
            }
            responses.json(exchange, 202, body);
        } finally {
            edoc.discard(staged);
        }
    }
}
