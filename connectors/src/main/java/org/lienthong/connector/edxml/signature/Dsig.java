package org.lienthong.connector.edxml.signature;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** XML-DSig names and the algorithms this package accepts (an allow-list: anything not here is refused). */
final class Dsig {

    static final String NS = "http://www.w3.org/2000/09/xmldsig#";
    static final String EXC_C14N_NS = "http://www.w3.org/2001/10/xml-exc-c14n#";

    static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    static final String EXC_C14N_WITH_COMMENTS = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
    static final String C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
    static final String C14N_WITH_COMMENTS = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
    static final String ENVELOPED_SIGNATURE = NS + "enveloped-signature";

    /** Canonicalization methods accepted for SignedInfo. */
    static final Set<String> SIGNED_INFO_C14N = Set.of(EXC_C14N, EXC_C14N_WITH_COMMENTS, C14N, C14N_WITH_COMMENTS);
    static final Set<String> EXCLUSIVE_C14N = Set.of(EXC_C14N, EXC_C14N_WITH_COMMENTS);

    static final Set<String> MD5 = Set.of(
            "http://www.w3.org/2001/04/xmldsig-more#md5",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
            "http://www.w3.org/2001/04/xmldsig-more#hmac-md5");

    /** Transforms named in refusals because they are the classic ways to make a signature cover something else. */
    static final Set<String> FORBIDDEN_TRANSFORMS = Set.of(
            "http://www.w3.org/TR/1999/REC-xslt-19991116",
            "http://www.w3.org/TR/1999/REC-xpath-19991116",
            "http://www.w3.org/2002/06/xmldsig-filter2",
            "http://www.w3.org/2002/04/decrypt#XML",
            NS + "base64");

    enum SignatureAlgorithm {
        RSA_SHA1(NS + "rsa-sha1", "SHA1withRSA", "RSA", true),
        RSA_SHA256("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "SHA256withRSA", "RSA", false),
        RSA_SHA384("http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", "SHA384withRSA", "RSA", false),
        RSA_SHA512("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", "SHA512withRSA", "RSA", false),
        // XML-DSig carries ECDSA signatures as r||s, which is the JDK's P1363 format, not DER.
        ECDSA_SHA256("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "SHA256withECDSAinP1363Format", "EC", false),
        ECDSA_SHA384("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384", "SHA384withECDSAinP1363Format", "EC", false),
        ECDSA_SHA512("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512", "SHA512withECDSAinP1363Format", "EC", false);

        final String uri;
        final String jcaName;
        final String keyAlgorithm;
        final boolean legacy;

        SignatureAlgorithm(String uri, String jcaName, String keyAlgorithm, boolean legacy) {
            this.uri = uri;
            this.jcaName = jcaName;
            this.keyAlgorithm = keyAlgorithm;
            this.legacy = legacy;
        }

        static Optional<SignatureAlgorithm> byUri(String uri) {
            return Arrays.stream(values()).filter(a -> a.uri.equals(uri)).findFirst();
        }
    }

    enum DigestAlgorithm {
        SHA1(NS + "sha1", "SHA-1", 20, true),
        SHA256("http://www.w3.org/2001/04/xmlenc#sha256", "SHA-256", 32, false),
        SHA384("http://www.w3.org/2001/04/xmldsig-more#sha384", "SHA-384", 48, false),
        SHA512("http://www.w3.org/2001/04/xmlenc#sha512", "SHA-512", 64, false);

        final String uri;
        final String jcaName;
        final int length;
        final boolean legacy;

        DigestAlgorithm(String uri, String jcaName, int length, boolean legacy) {
            this.uri = uri;
            this.jcaName = jcaName;
            this.length = length;
            this.legacy = legacy;
        }

        static Optional<DigestAlgorithm> byUri(String uri) {
            return Arrays.stream(values()).filter(a -> a.uri.equals(uri)).findFirst();
        }
    }

    private Dsig() {
    }
}
