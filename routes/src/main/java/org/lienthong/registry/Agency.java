package org.lienthong.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.lienthong.model.MessageType;

/**
 * One registered agency (SPEC §3). Immutable; a registry reload creates new instances.
 *
 * @param code                the agency identifier (legacy 13-char or QĐ 20/2020 form), see {@link AgencyCode}
 * @param name                display name, Vietnamese allowed
 * @param apiKeySha256        lower-case hex SHA-256 of the agency's API key, or null if it cannot log in with a key
 * @param roles               roles held
 * @param accepts             message types it accepts (all types when the registry entry omits the key)
 * @param delivery            how it receives; {@link AgencyDelivery#MAILBOX_ONLY} when the entry has no delivery
 * @param signingCertificates PEM files of certificates allowed to sign its edXML, resolved to absolute paths
 * @param line                line of the entry in the registry file, for messages that point at it
 * @param sends               message types it may send (all types when the registry entry omits the key)
 * @param sendTo              the only agencies it may send to, or empty for any
 * @param clientCertificate   the TLS client certificate that identifies it (by fingerprint or subject), or null
 */
public record Agency(String code, String name, String apiKeySha256, Set<Role> roles, Set<MessageType> accepts,
                     AgencyDelivery delivery, List<Path> signingCertificates, int line, Set<MessageType> sends,
                     Set<String> sendTo, ClientCertificate clientCertificate) {

    /**
     * How a TLS client certificate is bound to the agency: the certificate's SHA-256 fingerprint (lower-case hex of
     * the DER encoding), or its subject distinguished name (RFC 2253, compared as X.500 names), or both (both must
     * then match). The certificate must also chain to the node's trust store ({@code server.ssl.trust-store}).
     */
    public record ClientCertificate(String sha256, String subject) {
    }

    public Agency {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        accepts = Set.copyOf(accepts);
        delivery = delivery == null ? AgencyDelivery.MAILBOX_ONLY : delivery;
        signingCertificates = List.copyOf(signingCertificates);
        sends = sends == null ? Set.copyOf(java.util.EnumSet.allOf(MessageType.class)) : Set.copyOf(sends);
        sendTo = sendTo == null ? Set.of() : Set.copyOf(sendTo);
    }

    /** An agency that may send every type to anyone. */
    public Agency(String code, String name, String apiKeySha256, Set<Role> roles, Set<MessageType> accepts,
                  AgencyDelivery delivery, List<Path> signingCertificates, int line) {
        this(code, name, apiKeySha256, roles, accepts, delivery, signingCertificates, line, null, null, null);
    }

    /** Whether its registry entry lets it send this type. */
    public boolean maySend(MessageType type) {
        return sends.contains(type);
    }

    /** Whether its registry entry lets it send to this agency. */
    public boolean maySendTo(String recipient) {
        return sendTo.isEmpty() || sendTo.contains(recipient);
    }

    public boolean accepts(MessageType type) {
        return accepts.contains(type);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }
}
