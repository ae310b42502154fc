package org.lienthong.connector.edxml.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemCertificatesTest {

    static final TestPki PKI = TestPki.create(EdxmlSignatureVerifierTest.NOW);

    static InputStream text(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsTheSampleSignerCertificate() throws IOException {
        try (InputStream pem = EdxmlSignatureVerifierTest.resource("sample-signer-000.00.00.G22.pem")) {
            List<X509Certificate> certificates = PemCertificates.certificates(pem, "sample");

            assertThat(certificates).hasSize(1);
            assertThat(certificates.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=Van thu mau,O=000.00.00.G22,C=VN");
        }
    }

    @Test
    void readsEveryCertificateOfAFileIgnoringTextAround(@TempDir Path dir) throws IOException {
        X509Certificate agency = PKI.agency("000.00.00.G22").certificate();
        Path file = dir.resolve("g22.pem");
        Files.writeString(file, "Van thu G22\r\n" + TestPki.pem(agency).replace("\n", "\r\n")
                + "\nissuer:\n" + TestPki.pem(PKI.caCertificate()));

        assertThat(PemCertificates.certificates(file)).containsExactly(agency, PKI.caCertificate());
    }

    @Test
    void readsCrls(@TempDir Path dir) throws Exception {
        X509CRL crl = PKI.crl(PKI.agency("000.00.00.G22").certificate());
        Path file = dir.resolve("ca.crl.pem");
        Files.writeString(file, "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder().encodeToString(crl.getEncoded())
                + "\n-----END X509 CRL-----\n");

        assertThat(PemCertificates.crls(file)).containsExactly(crl);
    }

    @Test
    void refusesAFileThatHoldsAPrivateKey() {
        String pem = TestPki.pem(PKI.caCertificate()) + "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> PemCertificates.certificates(text(pem), "agency.pem"))
                .isInstanceOf(IOException.class).hasMessageContaining("private key");
    }

    @Test
    void refusesAFileWithoutCertificates() {
        assertThatThrownBy(() -> PemCertificates.certificates(text("nothing here"), "empty.pem"))
                .isInstanceOf(IOException.class).hasMessage("empty.pem: no PEM certificate found");
    }

    @Test
    void refusesACorruptCertificate() {
        String pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> PemCertificates.certificates(text(pem), "bad.pem"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a valid X.509 certificate");
    }

    @Test
    void aPolicyTakesTheCertificatesOfATrustStore() throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("test-root", PKI.caCertificate());

        SignaturePolicy policy = SignaturePolicy.forAgency("000.00.00.G22").trustStore(trustStore).build();

        assertThat(policy.trustedCas()).containsExactly(PKI.caCertificate());
        assertThat(policy.registeredCertificates()).isEmpty();
        assertThat(policy.allowUnsigned()).isFalse();
        assertThat(policy.allowRsaSha1()).isFalse();
    }
}
