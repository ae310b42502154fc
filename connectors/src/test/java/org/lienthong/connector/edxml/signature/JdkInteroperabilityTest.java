package org.lienthong.connector.edxml.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import javax.xml.crypto.dsig.CanonicalizationMethod;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lienthong.connector.edxml.signature.SignatureVerdict.Outcome;

/** The JDK's DOM XML-DSig (JSR 105) and this package agree, both ways. */
class JdkInteroperabilityTest {

    static final String G22 = EdxmlSignatureVerifierTest.G22;
    static final Clock CLOCK = Clock.fixed(EdxmlSignatureVerifierTest.NOW, ZoneOffset.UTC);

    static TestPki pki;
    static TestPki.Credential g22;
    static SignaturePolicy policy;

    final EdxmlSignatureVerifier verifier = new EdxmlSignatureVerifier();

    @BeforeAll
    static void makePki() {
        pki = TestPki.create(EdxmlSignatureVerifierTest.NOW);
        g22 = pki.agency(G22);
        policy = SignaturePolicy.forAgency(G22).trustedCas(pki.caCertificate()).clock(CLOCK).build();
    }

    /** Comments, PIs, prefixes and xml:lang: everything c14n treats specially. */
    static byte[] awkwardPackage() {
        return TestPackages.edoc(G22)
                .replace("<edXMLEnvelope xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">",
                        "<?ghi-chu truoc?>\n<!-- truoc -->\n<edXMLEnvelope xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\" "
                                + "xmlns:x=\"urn:x\" xml:lang=\"vi\">")
                .replace("<edXMLBody>", "<edXMLBody x:a=\"1\"><!-- khong ky --><?xu-ly du-lieu?>")
                .replace("</edXMLEnvelope>", "</edXMLEnvelope>\n<!-- sau -->\n<?sau?>")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJdkSignatureVerifies() throws Exception {
        byte[] signed = JdkXmlDsig.signEnveloped(awkwardPackage(), g22, CanonicalizationMethod.EXCLUSIVE, null);

        SignatureVerdict verdict = verifier.verify(PackageBytes.of(signed), policy);

        assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void aJdkSignatureWithTheWithCommentsTransformVerifies() throws Exception {
        // URI="" drops comments before the transforms, so both variants digest the same bytes
        byte[] signed = JdkXmlDsig.signEnveloped(awkwardPackage(), g22, CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS, null);

        SignatureVerdict verdict = verifier.verify(PackageBytes.of(signed), policy);

        assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void aJdkSignatureWithAnInclusivePrefixListVerifies() throws Exception {
        byte[] signed = JdkXmlDsig.signEnveloped(awkwardPackage(), g22, CanonicalizationMethod.EXCLUSIVE, List.of("x", "#default"));

        SignatureVerdict verdict = verifier.verify(PackageBytes.of(signed), policy);

        assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void aTamperedJdkSignatureIsRefused() throws Exception {
        byte[] signed = JdkXmlDsig.signEnveloped(awkwardPackage(), g22, CanonicalizationMethod.EXCLUSIVE, null);
        byte[] tampered = new String(signed, StandardCharsets.UTF_8).replace("Phụ lục 1", "Phụ lục 2").getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(PackageBytes.of(tampered), policy).reason())
                .isEqualTo("signature does not match the document (digest mismatch)");
    }

    @Test
    void theJdkValidatesWhatTheStreamingSignerProduces() throws Exception {
        byte[] rsa = EdxmlSigner.with(g22).sign(awkwardPackage());
        TestPki.Credential ec = pki.ecAgency(G22);
        byte[] ecdsa = EdxmlSigner.with(ec).sign(awkwardPackage());

        assertThat(JdkXmlDsig.validates(rsa, g22.publicKey())).isTrue();
        assertThat(JdkXmlDsig.validates(ecdsa, ec.publicKey())).isTrue();
        assertThat(verifier.verify(PackageBytes.of(rsa), policy).outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(verifier.verify(PackageBytes.of(ecdsa), policy).outcome()).isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void theJdkValidatesTheRealSamples() throws Exception {
        for (String name : new String[] {"edoc-new.signed.edxml", "status-03.signed.edxml"}) {
            byte[] sample = EdxmlSignatureVerifierTest.sample(name).getBytes(StandardCharsets.UTF_8);
            assertThat(JdkXmlDsig.validates(sample, PemCertificates.certificates(
                    EdxmlSignatureVerifierTest.resource("sample-signer-000.00.00.G22.pem"), "pem").get(0).getPublicKey())).isTrue();
        }
    }

    @Test
    void signingDoesNotTouchAnyOtherByte() throws IOException {
        byte[] unsigned = awkwardPackage();
        String signed = new String(EdxmlSigner.with(g22).sign(unsigned), StandardCharsets.UTF_8);
        int start = signed.indexOf("<Signature ");
        int end = signed.indexOf("</Signature>") + "</Signature>".length();

        assertThat(signed.substring(0, start) + signed.substring(end)).isEqualTo(new String(unsigned, StandardCharsets.UTF_8));
        assertThat(signed.substring(end)).startsWith("</edXMLHeader>");
    }
}
