package org.lienthong.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.lienthong.registry.Agency;
import org.lienthong.registry.RegistryService;

/**
 * Identifies the caller of an API request: an agency by its API key ({@code Authorization: Bearer <key>}) or,
 * without an {@code Authorization} header, by its TLS client certificate bound in the registry; or the operator by
 * HTTP Basic. A failure says only "unauthenticated", never which part was wrong.
 */
public final class CallerAuthenticator {

    private final RegistryService registry;
    private final OpsAccount ops;
    private final AccessGuard guard;

    public CallerAuthenticator(RegistryService registry, OpsAccount ops) {
        this(registry, ops, AccessGuard.unlimited());
    }

    public CallerAuthenticator(RegistryService registry, OpsAccount ops, AccessGuard guard) {
        this.registry = registry;
        this.ops = ops;
        this.guard = guard;
    }

    /**
     * Authenticates and stores the caller on the exchange; throws 401 otherwise, and 429 to a source that failed
     * too often or an agency over its rate ({@link AccessGuard}).
     */
    public Caller authenticate(Exchange exchange) {
        var request = HttpRequests.servletRequest(exchange);
        String source = request == null ? null : request.getRemoteAddr();
        guard.beforeAuthentication(source);
        String authorization = HttpRequests.header(exchange, "Authorization");
        Optional<Caller> identified = authorization != null ? identify(authorization)
                : registry.current().authenticateCertificate(clientCertificate(request)).map(Caller.AgencyCaller::new);
        if (identified.isEmpty()) {
            guard.failed(source);
            throw new ProblemException(Problem.UNAUTHENTICATED, "Send an agency API key as 'Authorization: Bearer <key>'");
        }
        Caller caller = identified.get();
        if (caller instanceof Caller.AgencyCaller agency) {
            guard.admit(agency.agency());
        }
        exchange.setProperty(Caller.PROPERTY, caller);
        return caller;
    }

    /**
     * The TLS client certificate of the request (mutual TLS, {@code server.ssl.client-auth}), already verified
     * against the trust store by the TLS layer; null without one.
     */
    public static java.security.cert.X509Certificate clientCertificate(jakarta.servlet.http.HttpServletRequest request) {
        Object chain = request == null ? null : request.getAttribute("jakarta.servlet.request.X509Certificate");
        return chain instanceof java.security.cert.X509Certificate[] certificates && certificates.length > 0
                ? certificates[0] : null;
    }

    Optional<Caller> identify(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        int space = authorization.indexOf(' ');
        if (space <= 0) {
            return Optional.empty();
        }
        String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = authorization.substring(space + 1).trim();
        if (scheme.equals("bearer")) {
            return registry.current().authenticate(credentials).map(Caller.AgencyCaller::new);
        }
        if (scheme.equals("basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon > 0 && ops.matches(decoded.substring(0, colon), decoded.substring(colon + 1))) {
                return Optional.of(new Caller.Operator(ops.username()));
            }
        }
        return Optional.empty();
    }

    /** The authenticated agency; operators are refused with 403 (the call acts as an agency). */
    public static Agency requireAgency(Exchange exchange) {
        Caller caller = exchange.getProperty(Caller.PROPERTY, Caller.class);
        if (caller instanceof Caller.AgencyCaller agency) {
            return agency.agency();
        }
        throw new ProblemException(Problem.FORBIDDEN, "This call is made by an agency with its API key");
    }

    /** Operators only. */
    public static Caller.Operator requireOperator(Exchange exchange) {
        Caller caller = exchange.getProperty(Caller.PROPERTY, Caller.class);
        if (caller instanceof Caller.Operator operator) {
            return operator;
        }
        throw new ProblemException(Problem.FORBIDDEN, "Operators only");
    }
}
