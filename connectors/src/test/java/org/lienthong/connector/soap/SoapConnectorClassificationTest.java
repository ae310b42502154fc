package org.lienthong.connector.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URL;

import javax.xml.namespace.QName;

import jakarta.xml.soap.Detail;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPElement;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPFactory;
import jakarta.xml.soap.SOAPFault;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import org.apache.cxf.transport.http.HTTPException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.soap.contract.EdocFault;
import org.lienthong.connector.soap.contract.EdocFaultDetail;
import org.lienthong.connector.soap.feedback.contract.FeedbackFault;
import org.lienthong.connector.soap.feedback.contract.FeedbackFaultDetail;

/** SPEC §5 rule 4 as the soap connector applies it, one failure at a time. */
class SoapConnectorClassificationTest {

    @ParameterizedTest
    @CsvSource({
            "SOAP 1.1, Server, , transient",
            "SOAP 1.1, Client, , permanent",
            "SOAP 1.1, Client, RATE_LIMITED, transient",
            "SOAP 1.1, Client, UNKNOWN_RECIPIENT, permanent",
            "SOAP 1.1, Server, INTERNAL, transient",
            "SOAP 1.1, VersionMismatch, , permanent",
            "SOAP 1.1, MustUnderstand, , permanent",
            "SOAP 1.2, Receiver, , transient",
            "SOAP 1.2, Sender, , permanent",
            "SOAP 1.2, Sender, RATE_LIMITED, transient"})
    void soapFaultsAreJudgedByTheirFaultCode(String version, String faultCode, String problem, String expected)
            throws SOAPException {
        SOAPFault fault = fault(version, faultCode, problem, "Lỗi khi xử lý gói tin");

        DeliveryOutcome outcome = SoapConnector.classify(new SOAPFaultException(fault));

        assertThat(kind(outcome)).isEqualTo(expected);
        assertThat(reason(outcome)).contains(faultCode).contains("Lỗi khi xử lý gói tin");
        if (problem != null) {
            assertThat(reason(outcome)).contains(problem);
        }
    }

    @ParameterizedTest
    @CsvSource({"500, Client, permanent", "500, Server, transient", "200, Server, transient",
            "503, Client, transient", "400, Server, permanent", "429, Client, transient", "404, Server, permanent"})
    void aSoapFaultOutsideA200Or500AnswerIsJudgedByTheHttpStatus(int status, String faultCode, String expected)
            throws SOAPException {
        SOAPFault fault = fault("SOAP 1.1", faultCode, null, "x");

        assertThat(kind(SoapConnector.classify(new SOAPFaultException(fault), status))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"500, transient", "502, transient", "503, transient", "504, transient", "408, transient",
            "429, transient", "400, permanent", "401, permanent", "403, permanent", "404, permanent",
            "405, permanent", "413, permanent", "415, permanent", "301, permanent", "302, permanent"})
    void httpErrorsWithoutASoapAnswer(int status, String expected) throws Exception {
        WebServiceException error = new WebServiceException("Could not send Message.",
                new HTTPException(status, "Reason", new URL("http://127.0.0.1/services/edoc")));

        DeliveryOutcome outcome = SoapConnector.classify(error);

        assertThat(kind(outcome)).isEqualTo(expected);
        assertThat(reason(outcome)).startsWith("HTTP " + status);
    }

    @ParameterizedTest
    @CsvSource({"timeout, transient", "refused, transient", "io, transient", "other, transient"})
    void transportFailuresAreTransient(String failure, String expected) {
        Exception cause = switch (failure) {
            case "timeout" -> new SocketTimeoutException("Read timed out");
            case "refused" -> new ConnectException("Connection refused");
            case "io" -> new java.io.IOException("Broken pipe");
            default -> new IllegalStateException("Response was of unexpected text/html ContentType");
        };

        DeliveryOutcome outcome = SoapConnector.classify(new WebServiceException("Could not send Message.", cause));

        assertThat(kind(outcome)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"INVALID_SIGNATURE, permanent", "UNAUTHENTICATED, permanent", "RATE_LIMITED, transient",
            "UNAVAILABLE, transient", "INTERNAL, transient"})
    void aMappedFaultIsJudgedByItsProblemCode(String code, String expected) {
        EdocFaultDetail detail = new EdocFaultDetail();
        detail.setCode(code);
        detail.setMessage("m");

        assertThat(kind(SoapConnector.classify(new EdocFault("m", detail)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"INVALID_REQUEST, permanent", "FORBIDDEN, permanent", "RATE_LIMITED, transient",
            "UNAVAILABLE, transient", "INTERNAL, transient"})
    void aMappedFeedbackFaultIsJudgedByItsProblemCode(String code, String expected) {
        FeedbackFaultDetail detail = new FeedbackFaultDetail();
        detail.setCode(code);
        detail.setMessage("m");

        assertThat(kind(SoapConnector.classify(new FeedbackFault("m", detail)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"Client, RATE_LIMITED, transient", "Client, INVALID_REQUEST, permanent", "Server, UNAVAILABLE, transient"})
    void aFeedbackFaultDetailIsReadLikeAnEdocOne(String faultCode, String problem, String expected) throws SOAPException {
        SOAPFault fault = SOAPFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL).createFault("Nội dung không hợp lệ",
                new QName(SOAPConstants.URI_NS_SOAP_1_1_ENVELOPE, faultCode));
        SOAPElement detail = fault.addDetail().addChildElement(FeedbackContract.FAULT_DETAIL);
        detail.addChildElement(new QName(FeedbackContract.NAMESPACE, "code")).addTextNode(problem);
        detail.addChildElement(new QName(FeedbackContract.NAMESPACE, "message")).addTextNode("Nội dung không hợp lệ");

        DeliveryOutcome outcome = SoapConnector.classify(new SOAPFaultException(fault));

        assertThat(kind(outcome)).isEqualTo(expected);
        assertThat(reason(outcome)).contains(problem).contains("Nội dung không hợp lệ");
    }

    private static SOAPFault fault(String version, String faultCode, String problem, String text)
            throws SOAPException {
        boolean soap12 = version.equals("SOAP 1.2");
        SOAPFactory factory = SOAPFactory.newInstance(soap12 ? SOAPConstants.SOAP_1_2_PROTOCOL
                : SOAPConstants.SOAP_1_1_PROTOCOL);
        String namespace = soap12 ? SOAPConstants.URI_NS_SOAP_1_2_ENVELOPE : SOAPConstants.URI_NS_SOAP_1_1_ENVELOPE;
        SOAPFault fault = factory.createFault(text, new QName(namespace, faultCode));
        if (problem != null) {
            Detail detail = fault.addDetail();
            SOAPElement edocFault = detail.addChildElement(new QName(EdocContract.NAMESPACE, "edocFault"));
            edocFault.addChildElement(new QName(EdocContract.NAMESPACE, "code")).addTextNode(problem);
            edocFault.addChildElement(new QName(EdocContract.NAMESPACE, "message")).addTextNode(text);
        }
        return fault;
    }

    private static String kind(DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Transient) {
            return "transient";
        }
        return outcome instanceof DeliveryOutcome.Permanent ? "permanent" : "delivered";
    }

    private static String reason(DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Transient t) {
            return t.reason();
        }
        if (outcome instanceof DeliveryOutcome.Permanent p) {
            return p.reason();
        }
        return ((DeliveryOutcome.Delivered) outcome).detail();
    }
}
