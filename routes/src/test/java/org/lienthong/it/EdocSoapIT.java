package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.activation.DataHandler;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.MTOMFeature;
import org.apache.cxf.message.Message;
import org.junit.jupiter.api.Test;
import org.lienthong.connector.soap.EdocContract;
import org.lienthong.connector.soap.contract.EdocFault;
import org.lienthong.connector.soap.contract.EdocPortType;
import org.lienthong.connector.soap.contract.EdocReceipt;
import org.lienthong.connector.soap.contract.EdocService;
import org.lienthong.connector.soap.contract.MailboxStatus;
import org.lienthong.connector.soap.contract.SentEdoc;

/**
 * A document system that speaks only SOAP, against the real node: a client generated from the WSDL does the
 * whole mailbox cycle (send, list, fetch, acknowledge, answer with a status packet, list what was sent), and
 * the soap connector pushes packages to an agency exposing the same service.
 */
class EdocSoapIT extends BusITSupport {

    private EdocPortType client(String key) {
        EdocPortType edoc = new EdocService(EdocContract.wsdl()).getEdocPort(new MTOMFeature());
        Map<String, Object> context = ((BindingProvider) edoc).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, "http://127.0.0.1:" + port + "/services/edoc");
        context.put(Message.PROTOCOL_HEADERS, Map.of("Authorization", List.of("Bearer " + key)));
        return edoc;
    }

    private static DataHandler attachment(byte[] bytes) {
        return new DataHandler(new jakarta.activation.DataSource() {
            @Override
            public InputStream getInputStream() {
                return new java.io.ByteArrayInputStream(bytes);
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String getContentType() {
                return "application/octet-stream";
            }

            @Override
            public String getName() {
                return "edxml";
            }
        });
    }

    @Test
    void theFullMailboxCycleOverSoap() throws Exception {
        String documentId = EdocPackages.documentId(SENDER, "201");
        byte[] edxml = EdocPackages.signed(EdocPackages.document(SENDER, List.of(MAILBOX), documentId, 0, null), T01_SIGNER);

        EdocReceipt receipt = client(SENDER_KEY).sendEdoc(attachment(edxml));
        String id = receipt.getMessageId();
        assertThat(receipt.getDocumentId()).isEqualTo(documentId);
        assertThat(receipt.getRecipient()).containsExactly(MAILBOX);

        EdocPortType recipient = client(MAILBOX_KEY);
        await().atMost(Duration.ofSeconds(20)).until(() -> recipient.getReceivedEdocList(1000).stream()
                .anyMatch(e -> e.getMessageId().equals(id)));
        var fetched = recipient.getEdoc(id);
        assertThat(fetched.getEntry().getFrom()).isEqualTo(SENDER);
        assertThat(fetched.getEntry().getDocumentId()).isEqualTo(documentId);
        try (InputStream in = fetched.getEdxml().getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(edxml);
        }
        recipient.updateStatus(id, MailboxStatus.DONE, null);
        assertThat(recipient.getReceivedEdocList(1000)).noneMatch(e -> e.getMessageId().equals(id));

        byte[] status = EdocPackages.signed(EdocPackages.status(MAILBOX, SENDER, documentId, "04"), PKI.agency(MAILBOX));
        EdocReceipt answer = recipient.sendStatus(attachment(status));
        assertThat(answer.getRecipient()).containsExactly(SENDER);

        SentEdoc sent = client(SENDER_KEY).getSentEdocList(null, 1000).stream()
                .filter(s -> s.getMessageId().equals(id)).findFirst().orElseThrow();
        assertThat(sent.getRecipient()).hasSize(1);
        assertThat(sent.getRecipient().get(0).getDelivery()).isEqualTo("DELIVERED");
        assertThat(sent.getRecipient().get(0).getBusinessStatus()).isEqualTo("04");

        assertThat(client(SENDER_KEY).getAgenciesList()).anySatisfy(a -> assertThat(a.getCode()).isEqualTo(SOAP));
    }

    @Test
    void refusalsAreFaultsWithTheProblemCode() {
        EdocFault unauthenticated = catchThrowableOfType(EdocFault.class, () -> client("wrong").getAgenciesList());
        assertThat(unauthenticated.getFaultInfo().getCode()).isEqualTo("UNAUTHENTICATED");

        byte[] unsigned = EdocPackages.document(SENDER, List.of(MAILBOX), EdocPackages.documentId(SENDER, "202"), 0, null)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        EdocFault invalid = catchThrowableOfType(EdocFault.class, () -> client(SENDER_KEY).sendEdoc(attachment(unsigned)));
        assertThat(invalid.getFaultInfo().getCode()).isEqualTo("INVALID_SIGNATURE");

        EdocFault missing = catchThrowableOfType(EdocFault.class, () -> client(MAILBOX_KEY).getEdoc("edoc-nothing"));
        assertThat(missing.getFaultInfo().getCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void theSoapConnectorPushesPackagesUnchangedToAnAgencysOwnService() throws Exception {
        byte[] edxml = EdocPackages.signed(EdocPackages.document(SENDER, List.of(SOAP), EdocPackages.documentId(SENDER, "203"),
                0, null), T01_SIGNER);
        EdocReceipt receipt = client(SENDER_KEY).sendEdoc(attachment(edxml));
        String id = receipt.getMessageId();
        awaitStatus(id, SOAP, "DELIVERED");
        var received = SOAP_RECIPIENT.received(id);
        assertThat(received.operation()).isEqualTo("sendEdoc");
        assertThat(received.size()).isEqualTo(edxml.length);
        assertThat(received.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(edxml)));
        assertThat(received.header("X-Lienthong-From")).isEqualTo(SENDER);
    }
}
