package org.lienthong.connector.edxml.signature;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads X.509 certificates and CRLs from PEM files (the registry names an agency's signing certificates as PEM
 * files). Text around the PEM blocks is ignored. A file that holds a private key is refused: a signing key has no
 * business in the bus's configuration, and loading it silently would hide the mistake.
 */
public final class PemCertificates {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final int MAX_PEM_CHARS = 4 * 1024 * 1024;

    private PemCertificates() {
    }

    /** Every {@code CERTIFICATE} block of the file, in order; at least one. */
    public static List<X509Certificate> certificates(Path pemFile) throws IOException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            return certificates(in, pemFile.getFileName().toString());
        }
    }

    /** Every {@code CERTIFICATE} block of the stream, in order; at least one. {@code name} appears in errors. */
    public static List<X509Certificate> certificates(InputStream pem, String name) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = x509Factory();
        for (Block block : blocks(pem, name)) {
            if (block.type().equals("CERTIFICATE")) {
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                } catch (GeneralSecurityException e) {
                    throw new IOException(name + ": certificate " + (certificates.size() + 1) + " is not a valid X.509 certificate", e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException(name + ": no PEM certificate found");
        }
        return List.copyOf(certificates);
    }

    /** Every {@code X509 CRL} block of the file, in order; at least one. */
    public static List<X509CRL> crls(Path pemFile) throws IOException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            return crls(in, pemFile.getFileName().toString());
        }
    }

    /** Every {@code X509 CRL} block of the stream, in order; at least one. {@code name} appears in errors. */
    public static List<X509CRL> crls(InputStream pem, String name) throws IOException {
        List<X509CRL> crls = new ArrayList<>();
        CertificateFactory factory = x509Factory();
        for (Block block : blocks(pem, name)) {
            if (block.type().equals("X509 CRL")) {
                try {
                    crls.add((X509CRL) factory.generateCRL(new ByteArrayInputStream(block.der())));
                } catch (GeneralSecurityException e) {
                    throw new IOException(name + ": CRL " + (crls.size() + 1) + " is not a valid X.509 CRL", e);
                }
            }
        }
        if (crls.isEmpty()) {
            throw new IOException(name + ": no PEM CRL found");
        }
        return List.copyOf(crls);
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(InputStream pem, String name) throws IOException {
        byte[] bytes = pem.readNBytes(MAX_PEM_CHARS + 1);
        if (bytes.length > MAX_PEM_CHARS) {
            throw new IOException(name + ": PEM file is larger than " + MAX_PEM_CHARS + " bytes");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.contains("PRIVATE KEY-----")) {
            throw new IOException(name + ": holds a private key; only certificates and CRLs belong in the registry");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(name + ": PEM block " + matcher.group(1) + " is not valid base64", e);
            }
        }
        return blocks;
    }

    private static CertificateFactory x509Factory() throws IOException {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (GeneralSecurityException e) {
            throw new IOException("X.509 support is missing from the Java runtime", e);
        }
    }
}
