package org.lienthong.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.stax.ext.stax.XMLSecEvent;
import org.apache.xml.security.stax.ext.stax.XMLSecEventFactory;
import org.apache.xml.security.stax.ext.stax.XMLSecStartElement;
import org.apache.xml.security.stax.impl.transformer.canonicalizer.Canonicalizer20010315_ExclOmitCommentsTransformer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A large signed edXML package (QCVN 102:2016) for the large-document run, written and signed by streaming so it
 * never sits in memory: one document with a single pseudo-random attachment, base64 in 76-character CR LF lines,
 * signed the way the national axis signs (enveloped XML-DSig, exclusive c14n, rsa-sha256, KeyInfo with the
 * certificate, as the last child of edXMLHeader). The same construction as the project's test helpers
 * (connectors' TestPackages.writeLargeEdoc and EdxmlSigner), rewritten here because the benchmark depends on no
 * module of the project. The signing key is a self-signed RSA certificate made with the JDK's keytool and pinned
 * to the sender in the registry ({@code signing-certificates}), so the bus verifies the signature in full.
 */
final class LargePackage {

    static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    static {
        org.apache.xml.security.Init.init();
    }

    private LargePackage() {
    }

    /** A signing key and its certificate. */
    record Credential(PrivateKey key, X509Certificate certificate, Path pem) {
    }

    /** Makes (or reuses) a self-signed RSA-2048 signing certificate in {@code dir} with keytool. */
    static Credential credential(Path dir, String agencyCode) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path store = dir.resolve("signer.p12");
        Path pem = dir.resolve("signer.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        char[] password = "bench-signer".toCharArray();
        if (!Files.exists(store) || !Files.exists(pem)) {
            Files.deleteIfExists(store);
            String out = Proc.run(List.of(keytool, "-genkeypair", "-alias", "signer", "-keyalg", "RSA", "-keysize",
                    "2048", "-sigalg", "SHA256withRSA", "-validity", "3650", "-dname",
                    "CN=lienthong bench signer, O=" + agencyCode + ", C=VN", "-storetype", "PKCS12", "-keystore",
                    store.toString(), "-storepass", new String(password), "-keypass", new String(password)), dir, 120);
            if (!Files.exists(store)) {
                throw new IOException("keytool failed: " + out);
            }
            Proc.run(List.of(keytool, "-exportcert", "-rfc", "-alias", "signer", "-keystore", store.toString(),
                    "-storepass", new String(password), "-file", pem.toString()), dir, 60);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, password);
        }
        return new Credential((PrivateKey) keyStore.getKey("signer", password),
                (X509Certificate) keyStore.getCertificate("signer"), pem);
    }

    /**
     * Writes the signed package to {@code target} unless a package for the same parameters is already there;
     * returns it. {@code targetBytes} is the package size wanted (bytes); the attachment is sized to reach it.
     */
    static Path ensure(Path target, String from, String to, int number, long targetBytes, Credential signer)
            throws IOException {
        Path stamp = target.resolveSibling(target.getFileName() + ".params");
        String params = from + "|" + to + "|" + number + "|" + targetBytes + "|"
                + (signer == null ? "unsigned" : Base64.getEncoder().encodeToString(signer.certificate().getPublicKey()
                .getEncoded()).hashCode());
        if (Files.exists(target) && Files.exists(stamp) && Files.readString(stamp).equals(params)) {
            return target;
        }
        Files.deleteIfExists(stamp);
        // 57 attachment bytes make one 76-character base64 line + CR LF: 78 bytes in the package
        long attachment = Math.max(57, (targetBytes - 2500) / 78 * 57);
        Path unsigned = target.resolveSibling(target.getFileName() + ".unsigned");
        writeUnsigned(unsigned, from, to, number, attachment, 42 + number);
        if (signer == null) {
            Files.move(unsigned, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            sign(unsigned, tmp, signer);
            Files.delete(unsigned);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(stamp, params);
        return target;
    }

    /** CRC32C of a file, to check the delivered bytes. */
    static long crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue();
    }

    static void writeUnsigned(Path file, String from, String to, int number, long attachmentBytes, long seed)
            throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[57 * 1024]; // a multiple of 3 and of 57: the MIME lines stay whole across chunks
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(head(from, to, number).getBytes(StandardCharsets.UTF_8));
            OutputStream base64 = Base64.getMimeEncoder().wrap(new NonClosing(out));
            for (long written = 0; written < attachmentBytes; written += chunk.length) {
                random.nextBytes(chunk);
                base64.write(chunk, 0, (int) Math.min(chunk.length, attachmentBytes - written));
            }
            base64.close();
            out.write(TAIL.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String head(String from, String to, int number) {
        String documentId = from + ",2026/11/23," + number + "/BENCH-VB";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
                  <edXMLHeader>
                    <MessageHeader>
                      <From><OrganId>%s</OrganId><OrganName>Cơ quan %s</OrganName></From>
                      <To><OrganId>%s</OrganId><OrganName>Cơ quan %s</OrganName></To>
                      <DocumentId>%s</DocumentId>
                      <Code><CodeNumber>%d</CodeNumber><CodeNotation>BENCH-VB</CodeNotation></Code>
                      <PromulgationInfo><Place>Hà Nội</Place><PromulgationDate>2026-11-23</PromulgationDate></PromulgationInfo>
                      <DocumentType><Type>1</Type><TypeDetail>0</TypeDetail><TypeName>Công văn</TypeName></DocumentType>
                      <Subject>Gói tin đo hiệu năng</Subject>
                      <Content>Văn bản lớn cho phép đo thông lượng.</Content>
                    </MessageHeader>
                    <TraceHeaderList>
                      <Bussiness><DocumentId>%s</DocumentId><BussinessDocType>0</BussinessDocType></Bussiness>
                    </TraceHeaderList>
                  </edXMLHeader>
                  <edXMLBody>
                    <edXMLManifest>
                      <Reference><ContentId>cid:att1</ContentId><ContentType>application/pdf</ContentType><AttachmentName>van-ban.pdf</AttachmentName></Reference>
                    </edXMLManifest>
                    <AttachmentEncoded>
                      <Attachment><ContentId>cid:att1</ContentId><AttachmentName>van-ban.pdf</AttachmentName><ContentType>application/pdf</ContentType><ContentTransferEncoded>""".formatted(
                from, from, to, to, documentId, number, documentId);
    }

    private static final String TAIL = """
            </ContentTransferEncoded></Attachment>
                </AttachmentEncoded>
              </edXMLBody>
            </edXMLEnvelope>
            """;

    /** Signs {@code unsigned} into {@code signed}: digest by streaming exclusive c14n, then a copy with the Signature inserted. */
    static void sign(Path unsigned, Path signed, Credential signer) throws IOException {
        byte[] digest;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(unsigned), 1 << 16)) {
            digest = digest(in);
        }
        byte[] signature = signatureElement(digest, signer).getBytes(StandardCharsets.UTF_8);
        long offset = endOfHeader(unsigned);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(unsigned), 1 << 16);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(signed), 1 << 16)) {
            long remaining = offset;
            byte[] buffer = new byte[1 << 16];
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException("package changed while signing");
                }
                out.write(buffer, 0, n);
                remaining -= n;
            }
            out.write(signature);
            in.transferTo(out);
        }
    }

    /** Byte offset of the first {@code </edXMLHeader>} (the package is written by {@link #writeUnsigned}: no CDATA or comments before it). */
    private static long endOfHeader(Path file) throws IOException {
        byte[] needle = "</edXMLHeader>".getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] head = in.readNBytes(1 << 16);
            outer:
            for (int i = 0; i <= head.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (head[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
        }
        throw new IOException("no </edXMLHeader> in the first 64 KB");
    }

    private static byte[] digest(InputStream unsigned) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Canonicalizer20010315_ExclOmitCommentsTransformer c14n = new Canonicalizer20010315_ExclOmitCommentsTransformer();
            OutputStream sink = new BufferedOutputStream(new OutputStream() {
                @Override
                public void write(int b) {
                    digest.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    digest.update(b, off, len);
                }
            }, 1 << 16);
            c14n.setOutputStream(sink);
            XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_COALESCING, false);
            XMLStreamReader reader = factory.createXMLStreamReader(unsigned);
            XMLSecStartElement parent = null;
            c14n.transform(XMLSecEventFactory.allocate(reader, null));
            while (reader.hasNext()) {
                int event = reader.next();
                XMLSecEvent secEvent = XMLSecEventFactory.allocate(reader, parent);
                if (event == XMLStreamReader.START_ELEMENT) {
                    parent = secEvent.asStartElement();
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    parent = parent.getParentXMLSecStartElement();
                }
                c14n.transform(secEvent);
            }
            c14n.doFinal();
            sink.flush();
            return digest.digest();
        } catch (GeneralSecurityException | XMLStreamException | org.apache.xml.security.exceptions.XMLSecurityException e) {
            throw new IOException("cannot digest the package", e);
        }
    }

    private static String signatureElement(byte[] digest, Credential signer) throws IOException {
        String signedInfo = "<SignedInfo>"
                + "<CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>"
                + "<SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>"
                + "<Reference URI=\"\"><Transforms>"
                + "<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"
                + "<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>"
                + "</Transforms><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"
                + "<DigestValue>" + Base64.getEncoder().encodeToString(digest) + "</DigestValue>"
                + "</Reference></SignedInfo>";
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(signer.key());
            rsa.update(canonicalSignedInfo(signedInfo));
            return "<Signature xmlns=\"" + DSIG_NS + "\">" + signedInfo
                    + "<SignatureValue>" + wrapped(rsa.sign()) + "</SignatureValue>"
                    + "<KeyInfo><X509Data><X509Certificate>" + wrapped(signer.certificate().getEncoded())
                    + "</X509Certificate></X509Data></KeyInfo></Signature>";
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign", e);
        }
    }

    private static byte[] canonicalSignedInfo(String signedInfo) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                    ("<Signature xmlns=\"" + DSIG_NS + "\">" + signedInfo + "</Signature>").getBytes(StandardCharsets.UTF_8)));
            Element element = (Element) document.getDocumentElement().getFirstChild();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Canonicalizer.getInstance("http://www.w3.org/2001/10/xml-exc-c14n#").canonicalizeSubtree(element, out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IOException("cannot canonicalize SignedInfo", e);
        }
    }

    /** Base64 in 76-character lines separated by CR LF, the CR written as {@code &#13;} as the axis's signer does. */
    private static String wrapped(byte[] bytes) {
        return Base64.getMimeEncoder().encodeToString(bytes).replace("\r\n", "&#13;\n");
    }

    /** Lets the base64 encoder flush its padding on close without closing the file. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
