package org.lienthong.connector.edxml.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.lienthong.connector.edxml.signature.SignatureVerdict.Outcome;

class EdxmlSignatureVerifierTest {

    static final String G22 = "000.00.00.G22";
    static final String H41 = "000.00.00.H41";
    static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static TestPki pki;
    static TestPki.Credential g22;
    static TestPki.Credential h41;
    static X509Certificate sampleSigner;

    final EdxmlSignatureVerifier verifier = new EdxmlSignatureVerifier();

    @BeforeAll
    static void makePki() throws IOException {
        pki = TestPki.create(NOW);
        g22 = pki.agency(G22);
        h41 = pki.agency(H41);
        try (InputStream pem = resource("sample-signer-000.00.00.G22.pem")) {
            sampleSigner = PemCertificates.certificates(pem, "sample signer").get(0);
        }
    }

    static InputStream resource(String name) {
        return EdxmlSignatureVerifierTest.class.getResourceAsStream("/signature/" + name);
    }

    static String sample(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The sender G22 trusting the test CA (CA-issued certificates naming G22). */
    static SignaturePolicy.Builder g22TrustingCa() {
        return SignaturePolicy.forAgency(G22).trustedCas(pki.caCertificate()).clock(CLOCK);
    }

    SignatureVerdict verify(String edxml, SignaturePolicy policy) throws IOException {
        return verify(edxml.getBytes(StandardCharsets.UTF_8), policy);
    }

    SignatureVerdict verify(byte[] edxml, SignaturePolicy policy) throws IOException {
        return verifier.verify(PackageBytes.of(edxml), policy);
    }

    static String signed(TestPki.Credential credential, String unsigned) throws IOException {
        return EdxmlSigner.with(credential).sign(unsigned);
    }

    static void assertRefused(SignatureVerdict verdict, String reason) {
        assertThat(verdict.valid()).as(verdict.reason()).isFalse();
        assertThat(verdict.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(verdict.reason()).isEqualTo(reason);
    }

    @Nested
    class RealSamples {

        final SignaturePolicy registered = SignaturePolicy.forAgency(G22).registeredCertificates(sampleSigner).clock(CLOCK).build();

        @Test
        void theSignedDocumentVerifiesWithTheSampleCertificateRegistered() throws IOException {
            SignatureVerdict verdict = verify(sample("edoc-new.signed.edxml"), registered);

            assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(Outcome.VERIFIED);
            assertThat(verdict.valid()).isTrue();
            assertThat(verdict.unsignedAllowed()).isFalse();
            assertThat(verdict.signer()).isEqualTo(sampleSigner);
            assertThat(verdict.reason()).contains("registered certificate of 000.00.00.G22");
        }

        @Test
        void theSignedStatusPacketVerifiesWithTheSampleCertificateRegistered() throws IOException {
            // the status packet is from H41 but signed with the same throwaway certificate
            SignaturePolicy h41Registered = SignaturePolicy.forAgency(H41).registeredCertificates(sampleSigner).clock(CLOCK).build();

            SignatureVerdict verdict = verify(sample("status-03.signed.edxml"), h41Registered);

            assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(Outcome.VERIFIED);
            assertThat(verdict.signer()).isEqualTo(sampleSigner);
        }

        @Test
        void theSamplesVerifyFromAFileToo() throws IOException {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("edoc", ".edxml");
            try {
                java.nio.file.Files.writeString(file, sample("edoc-new.signed.edxml"));
                assertThat(verifier.verify(file, registered).outcome()).isEqualTo(Outcome.VERIFIED);
            } finally {
                java.nio.file.Files.delete(file);
            }
        }

        @Test
        void anyOtherRegisteredCertificateRefusesThem() throws IOException {
            SignaturePolicy other = SignaturePolicy.forAgency(G22).registeredCertificates(g22.certificate()).clock(CLOCK).build();

            for (String name : new String[] {"edoc-new.signed.edxml", "status-03.signed.edxml"}) {
                SignatureVerdict verdict = verify(sample(name), other);
                assertRefused(verdict, "signer is not registered for 000.00.00.G22");
                assertThat(verdict.signer()).isEqualTo(sampleSigner);
            }
        }

        @Test
        void aTrustedCaThatDidNotIssueTheSampleCertificateRefusesIt() throws IOException {
            // the sample certificate names O=000.00.00.G22 but is self-signed: naming the agency is not enough
            assertRefused(verify(sample("edoc-new.signed.edxml"), g22TrustingCa().build()),
                    "signer certificate does not chain to a trusted CA");
        }

        @Test
        void beforeTheSampleCertificateIsValidItIsRefused() throws IOException {
            SignaturePolicy early = SignaturePolicy.forAgency(G22).registeredCertificates(sampleSigner)
                    .clock(Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC)).build();

            assertRefused(verify(sample("edoc-new.signed.edxml"), early), "signer certificate is not valid before 2026-11-22");
        }

        @Test
        void aChangedSubjectNoLongerMatches() throws IOException {
            String tampered = sample("edoc-new.signed.edxml").replace("triển khai Đề án", "hủy bỏ Đề án");

            assertRefused(verify(tampered, registered), "signature does not match the document (digest mismatch)");
        }

        @Test
        void aChangedRecipientNoLongerMatches() throws IOException {
            String tampered = sample("status-03.signed.edxml").replace("<StatusCode>03</StatusCode>", "<StatusCode>02</StatusCode>");
            SignaturePolicy h41Registered = SignaturePolicy.forAgency(H41).registeredCertificates(sampleSigner).clock(CLOCK).build();

            assertRefused(verify(tampered, h41Registered), "signature does not match the document (digest mismatch)");
        }

        @Test
        void aChangedDigestValueBreaksTheSignatureValue() throws IOException {
            String tampered = sample("edoc-new.signed.edxml").replace("y2t4P3DQI", "y2t4P3DQJ");

            assertRefused(verify(tampered, registered), "signature value does not verify with the certificate in KeyInfo");
        }

        @Test
        void canonicallyEqualBytesStillVerify() throws IOException {
            String original = sample("edoc-new.signed.edxml");
            String reserialized = original
                    .replace("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>", "<?xml version='1.0' encoding='utf-8'?>\n")
                    .replace("<edXMLEnvelope xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">",
                            "<edXMLEnvelope  xmlns = 'http://www.mic.gov.vn/TBT/QCVN_102_2016' >")
                    .replace("<edXMLManifest/>", "<edXMLManifest></edXMLManifest>")
                    .replace("<OrganAdd>Hà Nội</OrganAdd>", "<OrganAdd>H&#224; N&#x1ED9;i</OrganAdd>")
                    .replace("<Content>Nội dung công văn thử nghiệm.</Content>",
                            "<Content><![CDATA[Nội dung công văn]]> thử nghiệm<!-- không ký -->.</Content >")
                    .replace("<Subject>", "<Subject xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">")
                    .replace("<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
                            "<Transform Algorithm='http://www.w3.org/2000/09/xmldsig#enveloped-signature' ></Transform>")
                    .replace("&#13;", "&#xD;");
            assertThat(reserialized).isNotEqualTo(original);

            assertThat(verify(reserialized, registered).outcome()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void theWrappedBase64OfSignatureValueAndCertificateMayUseLiteralLineEnds() throws IOException {
            // SignatureValue and KeyInfo are not digested and their base64 ignores line breaks
            String literal = sample("edoc-new.signed.edxml").replace("&#13;\n", "\r\n");

            assertThat(verify(literal, registered).outcome()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void aLiteralCarriageReturnIsNotTheSameAsACharacterReferenceInSignedContent() throws IOException {
            // XML line-end normalization turns a literal CR into LF while &#13; stays a CR: re-serializing signed
            // content that way changes it. This is why the bus must keep received bytes as they are.
            String signed = signed(g22, TestPackages.edoc(G22).replace(TestPackages.SUBJECT, "Dòng 1&#13;\nDòng 2"));
            String literal = signed.replace("Dòng 1&#13;\nDòng 2", "Dòng 1\r\nDòng 2");
            assertThat(literal).isNotEqualTo(signed);

            assertThat(verify(signed, g22TrustingCa().build()).outcome()).isEqualTo(Outcome.VERIFIED);
            assertRefused(verify(literal, g22TrustingCa().build()), "signature does not match the document (digest mismatch)");
        }
    }

    @Nested
    class PackagesSignedByTestCaCertificates {

        @Test
        void aDocumentVerifiesThroughTheTrustStore() throws IOException {
            SignatureVerdict verdict = verify(signed(g22, TestPackages.edoc(G22)), g22TrustingCa().build());

            assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(Outcome.VERIFIED);
            assertThat(verdict.signer()).isEqualTo(g22.certificate());
            assertThat(verdict.reason()).contains("issued under trusted CA");
        }

        @Test
        void aStatusPacketVerifiesThroughTheTrustStore() throws IOException {
            SignaturePolicy h41Policy = SignaturePolicy.forAgency(H41).trustedCas(pki.caCertificate()).clock(CLOCK).build();

            assertThat(verify(signed(h41, TestPackages.status(H41, G22)), h41Policy).outcome()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void aDocumentVerifiesWithTheCertificateRegisteredAndNoTrustStore() throws IOException {
            SignaturePolicy pinned = SignaturePolicy.forAgency(G22).registeredCertificates(g22.certificate()).clock(CLOCK).build();

            assertThat(verify(signed(g22, TestPackages.edoc(G22)), pinned).outcome()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void anEcdsaSignatureVerifies() throws IOException {
            TestPki.Credential ec = pki.ecAgency(G22);

            SignatureVerdict verdict = verify(signed(ec, TestPackages.edoc(G22)), g22TrustingCa().build());

            assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void aSelfSignedCertificateVerifiesWhenRegistered() throws IOException {
            TestPki.Credential own = pki.selfSigned(G22);
            SignaturePolicy pinned = SignaturePolicy.forAgency(G22).registeredCertificates(own.certificate()).clock(CLOCK).build();

            assertThat(verify(signed(own, TestPackages.edoc(G22)), pinned).outcome()).isEqualTo(Outcome.VERIFIED);
            assertRefused(verify(signed(own, TestPackages.edoc(G22)), g22TrustingCa().build()),
                    "signer certificate does not chain to a trusted CA");
        }

        @Test
        void withoutKeyInfoTheRegisteredCertificatesAreTried() throws IOException {
            String noKeyInfo = EdxmlSigner.with(g22).withoutKeyInfo().sign(TestPackages.edoc(G22));
            SignaturePolicy pinned = SignaturePolicy.forAgency(G22).registeredCertificates(h41.certificate(), g22.certificate())
                    .clock(CLOCK).build();

            SignatureVerdict verdict = verify(noKeyInfo, pinned);

            assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(Outcome.VERIFIED);
            assertThat(verdict.signer()).isEqualTo(g22.certificate());
            assertRefused(verify(noKeyInfo, g22TrustingCa().build()),
                    "signature value does not verify with any certificate registered for 000.00.00.G22 (KeyInfo names none)");
        }

        @Test
        void aPackageWrappedInAnOuterEdxmlElementWithAttachmentsBesideTheEnvelopeVerifies() throws IOException {
            String wrapped = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
                    %s
                    <AttachmentEncoded><Attachment><ContentId>cid:att1</ContentId><ContentTransferEncoded>%s</ContentTransferEncoded></Attachment></AttachmentEncoded>
                    </edXML>
                    """.formatted(TestPackages.status(G22, H41).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", ""),
                    TestPackages.ATTACHMENT_BASE64);
            String signedPackage = signed(g22, wrapped);

            assertThat(verify(signedPackage, g22TrustingCa().build()).outcome()).isEqualTo(Outcome.VERIFIED);
            assertRefused(verify(signedPackage.replace(TestPackages.ATTACHMENT_BASE64, "A" + TestPackages.ATTACHMENT_BASE64.substring(1)),
                    g22TrustingCa().build()), "signature does not match the document (digest mismatch)");
        }

        @Test
        void aChangedSubjectIsRefused() throws IOException {
            String tampered = signed(g22, TestPackages.edoc(G22)).replace(TestPackages.SUBJECT, "V/v thu hồi văn bản");

            assertRefused(verify(tampered, g22TrustingCa().build()), "signature does not match the document (digest mismatch)");
        }

        @Test
        void aChangedByteInsideTheBase64AttachmentIsRefused() throws IOException {
            String signedPackage = signed(g22, TestPackages.edoc(G22));
            int at = signedPackage.indexOf(TestPackages.ATTACHMENT_BASE64) + 10;
            char flipped = signedPackage.charAt(at) == 'A' ? 'B' : 'A';
            String tampered = signedPackage.substring(0, at) + flipped + signedPackage.substring(at + 1);

            assertRefused(verify(tampered, g22TrustingCa().build()), "signature does not match the document (digest mismatch)");
        }

        @Test
        void anAddedElementIsRefused() throws IOException {
            String tampered = signed(g22, TestPackages.edoc(G22))
                    .replace("<To>", "<To><OrganId>000.00.00.X99</OrganId></To><To>");

            assertRefused(verify(tampered, g22TrustingCa().build()), "signature does not match the document (digest mismatch)");
        }

        @Test
        void attributeOrderQuotesAndEmptyElementFormDoNotMatter() throws IOException {
            String original = signed(g22, TestPackages.edoc(G22));
            String reserialized = original
                    .replace("<Appendix stt=\"1\" loai=\"PL\">", "<Appendix loai='PL'\n   stt=\"1\" >")
                    .replace("</Subject>", "</Subject\n>")
                    .replace("&amp; ghi chú &lt;thử&gt;", "&#38; ghi chú &#60;thử>")
                    .replace("<edXMLBody>", "<edXMLBody xmlns:unused=\"urn:not-used\">");
            assertThat(reserialized).isNotEqualTo(original);

            assertThat(verify(reserialized, g22TrustingCa().build()).outcome()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void whitespaceAroundTheSignatureIsSignedContent() throws IOException {
            // the signer leaves the header's indentation before the Signature; adding any breaks it
            String original = signed(g22, TestPackages.edoc(G22));
            String indented = original.replace("<Signature xmlns=", "\n    <Signature xmlns=");

            assertRefused(verify(indented, g22TrustingCa().build()), "signature does not match the document (digest mismatch)");
        }
    }

    @Nested
    class Signers {

        @Test
        void anotherAgencysCertificateIsRefused() throws IOException {
            // H41's certificate is issued by the trusted CA but does not name G22
            SignatureVerdict verdict = verify(signed(h41, TestPackages.edoc(G22)), g22TrustingCa().build());

            assertRefused(verdict, "signer is not registered for 000.00.00.G22");
            assertThat(verdict.signer()).isEqualTo(h41.certificate());
        }

        @Test
        void anotherAgencysRegisteredCertificateIsRefused() throws IOException {
            SignaturePolicy pinned = SignaturePolicy.forAgency(G22).registeredCertificates(g22.certificate()).clock(CLOCK).build();

            assertRefused(verify(signed(h41, TestPackages.edoc(G22)), pinned), "signer is not registered for 000.00.00.G22");
        }

        @Test
        void aRegisteredCertificateInKeyInfoWithAnotherKeyBehindTheSignatureIsRefused() throws IOException {
            // the attacker signs with their own key but shows G22's certificate
            TestPki.Credential impostor = new TestPki.Credential(h41.privateKey(), g22.certificate());

            assertRefused(verify(signed(impostor, TestPackages.edoc(G22)), g22TrustingCa().build()),
                    "signature value does not verify with the certificate in KeyInfo");
        }

        @Test
        void anExpiredCertificateIsRefused() throws IOException {
            TestPki.Credential expired = pki.expiredAgency(G22);
            String day = expired.certificate().getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString();

            assertRefused(verify(signed(expired, TestPackages.edoc(G22)), g22TrustingCa().build()), "signer certificate expired on " + day);
            SignaturePolicy pinned = SignaturePolicy.forAgency(G22).registeredCertificates(expired.certificate()).clock(CLOCK).build();
            assertRefused(verify(signed(expired, TestPackages.edoc(G22)), pinned), "signer certificate expired on " + day);
        }

        @Test
        void aNotYetValidCertificateIsRefused() throws IOException {
            TestPki.Credential early = pki.notYetValidAgency(G22);
            String day = early.certificate().getNotBefore().toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString();

            assertRefused(verify(signed(early, TestPackages.edoc(G22)), g22TrustingCa().build()),
                    "signer certificate is not valid before " + day);
        }

        @Test
        void theClockDecidesValidity() throws IOException {
            String signedPackage = signed(g22, TestPackages.edoc(G22));
            Clock twoYearsLater = Clock.fixed(NOW.plus(Duration.ofDays(730)), ZoneOffset.UTC);

            assertThat(verify(signedPackage, g22TrustingCa().clock(twoYearsLater).build()).valid()).isFalse();
        }

        @Test
        void aRevokedCertificateIsRefused() throws IOException {
            TestPki.Credential revoked = pki.agency(G22);

            SignatureVerdict verdict = verify(signed(revoked, TestPackages.edoc(G22)),
                    g22TrustingCa().crls(pki.crl(revoked.certificate())).build());

            assertThat(verdict.valid()).isFalse();
            assertThat(verdict.reason()).startsWith("signer certificate was revoked on ");
        }

        @Test
        void aRevokedRegisteredCertificateIsRefusedToo() throws IOException {
            TestPki.Credential revoked = pki.agency(G22);
            SignaturePolicy pinned = SignaturePolicy.forAgency(G22).registeredCertificates(revoked.certificate())
                    .trustedCas(pki.caCertificate()).crls(pki.crl(revoked.certificate())).clock(CLOCK).build();

            assertThat(verify(signed(revoked, TestPackages.edoc(G22)), pinned).reason()).startsWith("signer certificate was revoked on ");
        }

        @Test
        void aCrlThatDoesNotListTheSignerLetsItThrough() throws IOException {
            TestPki.Credential other = pki.agency(G22);

            assertThat(verify(signed(g22, TestPackages.edoc(G22)), g22TrustingCa().crls(pki.crl(other.certificate())).build())
                    .outcome()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void anOutOfDateCrlRefusesRatherThanPasses() throws IOException {
            SignaturePolicy stale = g22TrustingCa()
                    .crls(pki.crl(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(23)))).build();

            assertThat(verify(signed(g22, TestPackages.edoc(G22)), stale).reason())
                    .startsWith("the CRL of ").contains("is out of date");
        }

        @Test
        void aCrlSignedByAnotherKeyIsRefused() throws IOException {
            TestPki impostorCa = TestPki.create(NOW); // same CA name, another key
            SignaturePolicy forged = g22TrustingCa().crls(impostorCa.crl()).build();

            assertThat(verify(signed(g22, TestPackages.edoc(G22)), forged).reason()).endsWith("does not verify with its issuer's key");
        }

        @Test
        void aCertificateFromAnUntrustedCaIsRefused() throws IOException {
            TestPki otherPki = TestPki.create(NOW, "Some Other CA");

            assertRefused(verify(signed(otherPki.agency(G22), TestPackages.edoc(G22)), g22TrustingCa().build()),
                    "signer certificate does not chain to a trusted CA");
        }

        @Test
        void nothingConfiguredTrustsNobody() throws IOException {
            assertRefused(verify(signed(g22, TestPackages.edoc(G22)), SignaturePolicy.forAgency(G22).clock(CLOCK).build()),
                    "signer is not registered for 000.00.00.G22");
        }
    }

    @Nested
    class UnsignedAndAlgorithms {

        @Test
        void anUnsignedPackageIsRefused() throws IOException {
            SignatureVerdict verdict = verify(TestPackages.edoc(G22), g22TrustingCa().build());

            assertRefused(verdict, "package is not signed");
            assertThat(verdict.signerCertificate()).isEmpty();
        }

        @Test
        void anUnsignedPackageIsAcceptedWhenTheAgencyAllowsIt() throws IOException {
            SignatureVerdict verdict = verify(TestPackages.edoc(G22), g22TrustingCa().allowUnsigned(true).build());

            assertThat(verdict.valid()).isTrue();
            assertThat(verdict.unsignedAllowed()).isTrue();
            assertThat(verdict.outcome()).isEqualTo(Outcome.UNSIGNED_ALLOWED);
            assertThat(verdict.signer()).isNull();
        }

        @Test
        void allowingUnsignedStillRequiresAPresentSignatureToVerify() throws IOException {
            String tampered = signed(g22, TestPackages.edoc(G22)).replace(TestPackages.SUBJECT, "khác");

            assertRefused(verify(tampered, g22TrustingCa().allowUnsigned(true).build()),
                    "signature does not match the document (digest mismatch)");
        }

        @Test
        void rsaSha1IsRefusedUnlessTheSenderIsLegacy() throws IOException {
            String legacy = EdxmlSigner.with(g22).legacyRsaSha1().sign(TestPackages.edoc(G22));

            assertRefused(verify(legacy, g22TrustingCa().build()), "rsa-sha1 is not accepted for this sender");
            assertThat(verify(legacy, g22TrustingCa().allowRsaSha1(true).build()).outcome()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void sha1DigestsAreRefusedUnlessTheSenderIsLegacy() throws IOException {
            String sha1Digest = EdxmlSigner.with(g22).withDigestMethod(EdxmlSigner.SHA1).sign(TestPackages.edoc(G22));

            assertRefused(verify(sha1Digest, g22TrustingCa().build()), "sha1 digests are not accepted for this sender");
            assertThat(verify(sha1Digest, g22TrustingCa().allowRsaSha1(true).build()).outcome()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void sha512DigestsAreAccepted() throws IOException {
            String sha512 = EdxmlSigner.with(g22).withDigestMethod(EdxmlSigner.SHA512).sign(TestPackages.edoc(G22));

            assertThat(verify(sha512, g22TrustingCa().build()).outcome()).isEqualTo(Outcome.VERIFIED);
        }

        @Test
        void md5IsNeverAccepted() throws IOException {
            // a correct MD5 digest, signed with rsa-sha256: refused for the algorithm alone, legacy sender or not
            String md5 = EdxmlSigner.with(g22).withDigestMethod(EdxmlSigner.MD5).sign(TestPackages.edoc(G22));

            assertRefused(verify(md5, g22TrustingCa().build()), "MD5 is never accepted");
            assertRefused(verify(md5, g22TrustingCa().allowRsaSha1(true).allowUnsigned(true).build()), "MD5 is never accepted");
        }

        @Test
        void rsaMd5IsNeverAccepted() throws IOException {
            String rsaMd5 = EdxmlSigner.with(g22).sign(TestPackages.edoc(G22))
                    .replace(EdxmlSigner.RSA_SHA256, "http://www.w3.org/2001/04/xmldsig-more#rsa-md5");

            assertRefused(verify(rsaMd5, g22TrustingCa().allowRsaSha1(true).build()), "MD5 is never accepted");
        }

        @Test
        void hmacIsNotAccepted() throws IOException {
            String hmac = EdxmlSigner.with(g22).sign(TestPackages.edoc(G22))
                    .replace(EdxmlSigner.RSA_SHA256, "http://www.w3.org/2000/09/xmldsig#hmac-sha1");

            assertRefused(verify(hmac, g22TrustingCa().allowRsaSha1(true).build()),
                    "signature algorithm http://www.w3.org/2000/09/xmldsig#hmac-sha1 is not accepted");
        }

        @Test
        void anXsltTransformIsRefused() throws IOException {
            String xslt = EdxmlSigner.with(g22)
                    .withTransforms(EdxmlSigner.ENVELOPED, EdxmlSigner.XSLT, EdxmlSigner.EXC_C14N)
                    .sign(TestPackages.edoc(G22));

            assertRefused(verify(xslt, g22TrustingCa().build()), "transform http://www.w3.org/TR/1999/REC-xslt-19991116 is not allowed");
        }

        @Test
        void anXpathFilterIsRefused() throws IOException {
            String xpath = EdxmlSigner.with(g22)
                    .withTransforms(EdxmlSigner.ENVELOPED, "http://www.w3.org/2002/06/xmldsig-filter2", EdxmlSigner.EXC_C14N)
                    .sign(TestPackages.edoc(G22));

            assertRefused(verify(xpath, g22TrustingCa().build()), "transform http://www.w3.org/2002/06/xmldsig-filter2 is not allowed");
        }

        @Test
        void inclusiveC14nOrAMissingOrReorderedTransformIsRefused() throws IOException {
            String[][] shapes = {
                    {EdxmlSigner.ENVELOPED},
                    {EdxmlSigner.EXC_C14N},
                    {EdxmlSigner.EXC_C14N, EdxmlSigner.ENVELOPED},
                    {EdxmlSigner.ENVELOPED, "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"},
                    {EdxmlSigner.ENVELOPED, EdxmlSigner.EXC_C14N, EdxmlSigner.EXC_C14N},
            };
            for (String[] transforms : shapes) {
                String variant = EdxmlSigner.with(g22).withTransforms(transforms).sign(TestPackages.edoc(G22));
                assertRefused(verify(variant, g22TrustingCa().build()), SignedInfoRules.REFERENCE_SHAPE);
            }
        }

        @Test
        void theWithCommentsVariantOfExclusiveC14nIsAccepted() throws IOException {
            String withComments = EdxmlSigner.with(g22)
                    .withTransforms(EdxmlSigner.ENVELOPED, EdxmlSigner.EXC_C14N_WITH_COMMENTS)
                    .sign(TestPackages.edoc(G22).replace("<edXMLBody>", "<edXMLBody><!-- ghi chú -->"));

            assertThat(verify(withComments, g22TrustingCa().build()).outcome()).isEqualTo(Outcome.VERIFIED);
        }
    }

    @Nested
    class SignatureShapeAndWrapping {

        @Test
        void aReferenceToAnElementIdIsRefused() throws IOException {
            String byId = EdxmlSigner.with(g22).withReferenceUri("#x").sign(TestPackages.edoc(G22));

            assertRefused(verify(byId, g22TrustingCa().build()), SignedInfoRules.REFERENCE_SHAPE);
        }

        @Test
        void otherReferenceUrisAreRefused() throws IOException {
            for (String uri : new String[] {"#xpointer(/)", "http://127.0.0.1:1/package.xml", "file:///etc/passwd", "package.xml"}) {
                String variant = EdxmlSigner.with(g22).withReferenceUri(uri).sign(TestPackages.edoc(G22));
                assertRefused(verify(variant, g22TrustingCa().build()), SignedInfoRules.REFERENCE_SHAPE);
            }
        }

        @Test
        void aReferenceWithoutUriIsRefused() throws IOException {
            String noUri = signed(g22, TestPackages.edoc(G22)).replace("<Reference URI=\"\">", "<Reference>");

            assertRefused(verify(noUri, g22TrustingCa().build()), SignedInfoRules.REFERENCE_SHAPE);
        }

        @Test
        void theClassicWrappingAttackFoolsAnIdBasedVerifierButNotThisOne() throws Exception {
            byte[] signedById = JdkXmlDsig.signMessageHeaderById(TestPackages.edoc(G22).getBytes(StandardCharsets.UTF_8), g22, "x");
            byte[] wrapped = JdkXmlDsig.wrapSignedMessageHeader(signedById, forged -> {
                forged.getElementsByTagNameNS(TestPackages.EDXML_NS, "Subject").item(0).setTextContent("Lệnh chuyển tiền khẩn");
                forged.getElementsByTagNameNS(TestPackages.EDXML_NS, "OrganId").item(1).setTextContent("000.00.00.X99");
            });

            assertThat(JdkXmlDsig.validates(signedById, g22.publicKey())).isTrue();
            assertThat(JdkXmlDsig.validates(wrapped, g22.publicKey())).as("the JDK's id-based validation is fooled").isTrue();
            assertRefused(verify(signedById, g22TrustingCa().build()), SignedInfoRules.REFERENCE_SHAPE);
            assertRefused(verify(wrapped, g22TrustingCa().build()), SignedInfoRules.REFERENCE_SHAPE);
        }

        @Test
        void twoSignaturesInTheHeaderAreRefused() throws IOException {
            String twice = signed(h41, signed(g22, TestPackages.edoc(G22)));

            assertRefused(verify(twice, g22TrustingCa().build()), "more than one signature");
        }

        @Test
        void aSecondSignatureInTheBodyIsRefused() throws IOException {
            String extra = EdxmlSigner.with(h41).withPlacement(EdxmlSigner.Placement.BODY).sign(signed(g22, TestPackages.edoc(G22)));

            assertRefused(verify(extra, g22TrustingCa().build()), "more than one signature");
        }

        @Test
        void aSignatureNestedInTheSignatureIsRefused() throws IOException {
            String inner = EdxmlSigner.with(g22).signatureElement(new byte[32]);
            String nested = signed(g22, TestPackages.edoc(G22)).replace("</KeyInfo>", "</KeyInfo><Object>" + inner + "</Object>");

            assertRefused(verify(nested, g22TrustingCa().build()), "more than one signature");
        }

        @Test
        void aSignatureInTheBodyIsRefused() throws IOException {
            // cryptographically correct (the enveloped transform removes it wherever it is), but not where it belongs
            String inBody = EdxmlSigner.with(g22).withPlacement(EdxmlSigner.Placement.BODY).sign(TestPackages.edoc(G22));

            assertRefused(verify(inBody, g22TrustingCa().build()), "the signature must be a child of edXMLHeader");
            assertRefused(verify(inBody, g22TrustingCa().allowUnsigned(true).build()), "the signature must be a child of edXMLHeader");
        }

        @Test
        void aSignatureInAnEmptyBodyIsRefused() throws IOException {
            String inBody = EdxmlSigner.with(g22).withPlacement(EdxmlSigner.Placement.BODY).sign(TestPackages.status(G22, H41));

            assertRefused(verify(inBody, g22TrustingCa().build()), "the signature must be a child of edXMLHeader");
        }

        @Test
        void aSignatureDeeperInTheHeaderIsRefused() throws IOException {
            String signedPackage = signed(g22, TestPackages.edoc(G22));
            int start = signedPackage.indexOf("<Signature ");
            int end = signedPackage.indexOf("</Signature>") + "</Signature>".length();
            String signature = signedPackage.substring(start, end);
            String moved = (signedPackage.substring(0, start) + signedPackage.substring(end))
                    .replace("</TraceHeaderList>", signature + "</TraceHeaderList>");

            assertRefused(verify(moved, g22TrustingCa().build()), "the signature must be a child of edXMLHeader");
        }

        @Test
        void aSecondHeaderOrEnvelopeIsRefused() throws IOException {
            String signedPackage = signed(g22, TestPackages.edoc(G22));
            String secondHeader = signedPackage.replace("<edXMLBody>", "<edXMLHeader><MessageHeader/></edXMLHeader><edXMLBody>");
            String nestedEnvelope = signedPackage.replace("<edXMLBody>", "<edXMLBody><edXMLEnvelope/>");

            assertRefused(verify(secondHeader, g22TrustingCa().build()), "more than one edXMLHeader in the package");
            assertRefused(verify(nestedEnvelope, g22TrustingCa().build()),
                    "edXMLEnvelope must be the document element or a child of edXML");
        }

        @Test
        void anUnexpectedElementInSignedInfoIsRefused() throws IOException {
            String extra = signed(g22, TestPackages.edoc(G22)).replace("</SignedInfo>", "<Reference URI=\"\"/></SignedInfo>");

            assertRefused(verify(extra, g22TrustingCa().build()), "the signature must have exactly one Reference (it has 2)");
        }
    }

    @Nested
    class Parsing {

        @Test
        void aDoctypeWithExternalEntitiesIsRefusedWithoutFetchingAnything() throws Exception {
            AtomicInteger requests = new AtomicInteger();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            try {
                String base = "http://127.0.0.1:" + server.getAddress().getPort();
                String signedPackage = signed(g22, TestPackages.edoc(G22));
                String[] doctypes = {
                        "<!DOCTYPE edXMLEnvelope [<!ENTITY xxe SYSTEM \"" + base + "/xxe\"><!ENTITY % p SYSTEM \"" + base + "/p\"> %p;]>",
                        "<!DOCTYPE edXMLEnvelope SYSTEM \"" + base + "/dtd\">",
                        "<!DOCTYPE edXMLEnvelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                        "<!DOCTYPE edXMLEnvelope [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
                };
                for (String doctype : doctypes) {
                    String hostile = signedPackage.replace("?>\n", "?>\n" + doctype + "\n")
                            .replace(TestPackages.SUBJECT, "&xxe;");
                    SignatureVerdict verdict = verify(hostile, g22TrustingCa().allowUnsigned(true).build());
                    assertThat(verdict.outcome()).isEqualTo(Outcome.MALFORMED);
                    assertThat(verdict.reason()).contains("DOCTYPE");
                }
                assertThat(requests).hasValue(0);
            } finally {
                server.stop(0);
            }
        }

        @Test
        void notWellFormedXmlIsMalformed() throws IOException {
            String broken = signed(g22, TestPackages.edoc(G22)).replace("</Subject>", "</Subjec>");

            SignatureVerdict verdict = verify(broken, g22TrustingCa().build());

            assertThat(verdict.outcome()).isEqualTo(Outcome.MALFORMED);
            assertThat(verdict.reason()).startsWith("package is not well-formed XML").contains("(line ");
        }

        @Test
        void aTruncatedPackageIsMalformed() throws IOException {
            String signedPackage = signed(g22, TestPackages.edoc(G22));
            String truncated = signedPackage.substring(0, signedPackage.indexOf("</edXMLBody>"));

            assertThat(verify(truncated, g22TrustingCa().build()).outcome()).isEqualTo(Outcome.MALFORMED);
        }

        @Test
        void anotherDocumentIsNotAnEdxmlPackage() throws IOException {
            SignatureVerdict verdict = verify("<feedback><title>x</title></feedback>", g22TrustingCa().allowUnsigned(true).build());

            assertThat(verdict.outcome()).isEqualTo(Outcome.MALFORMED);
            assertThat(verdict.reason()).startsWith("not an edXML package");
        }

        @Test
        void edxmlInAnotherNamespaceIsNotAnEdxmlPackage() throws IOException {
            String otherNamespace = TestPackages.status(G22, H41).replace(TestPackages.EDXML_NS, "urn:other");

            assertThat(verify(otherNamespace, g22TrustingCa().allowUnsigned(true).build()).outcome()).isEqualTo(Outcome.MALFORMED);
        }

        @Test
        void aDeeplyNestedDocumentIsRefusedByTheParser() throws IOException {
            String deep = TestPackages.status(G22, H41)
                    .replace("<edXMLBody/>", "<edXMLBody>" + "<a>".repeat(400) + "</a>".repeat(400) + "</edXMLBody>");

            assertThat(verify(deep, g22TrustingCa().allowUnsigned(true).build()).outcome()).isEqualTo(Outcome.MALFORMED);
        }

        @Test
        void anOversizedSignatureIsRefused() throws IOException {
            String huge = signed(g22, TestPackages.edoc(G22))
                    .replace("</KeyInfo>", "<KeyName>" + "x".repeat(300_000) + "</KeyName></KeyInfo>");

            assertRefused(verify(huge, g22TrustingCa().build()), "the signature element is too large");
        }

        @Test
        void readErrorsAreThrownNotTurnedIntoVerdicts() {
            PackageBytes failing = () -> new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("disk gone");
                }
            };

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(failing, g22TrustingCa().build()))
                    .isInstanceOf(IOException.class);
        }
    }
}
