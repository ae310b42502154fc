package org.lienthong.web.soap;

import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.cxf.interceptor.AttachmentInInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.lienthong.registry.Agency;
import org.lienthong.registry.RegistryService;
import org.lienthong.web.AccessGuard;
import org.lienthong.web.CallerAuthenticator;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * Identifies the agency behind a call of the node's SOAP services ({@code /services/*}) from
 * {@code Authorization: Bearer <API key>}, as the REST API does
 * (the registry keeps only the key's SHA-256). It runs when the request arrives, before its body (and any
 * attachment) is read, so an unknown caller costs nothing; a refusal is a client fault {@code UNAUTHENTICATED}
 * that never says which part was wrong. {@code GET} requests ({@code ?wsdl}, {@code ?xsd}) stay public.
 *
 * <p>The SOAP edge acts for agencies only: operator credentials (HTTP Basic) are not accepted here. Add one
 * instance to each endpoint's in-interceptors; the service reads the caller with {@link #currentCaller()}.
 */
public final class SoapAuthentication extends AbstractPhaseInterceptor<Message> {

    /** The fault message of every refusal. */
    public static final String REFUSAL = "Send an agency API key as 'Authorization: Bearer <key>'";

    private final RegistryService registry;
    private final AccessGuard guard;

    public SoapAuthentication(RegistryService registry) {
        this(registry, AccessGuard.unlimited());
    }

    public SoapAuthentication(RegistryService registry, AccessGuard guard) {
        super(Phase.RECEIVE);
        addBefore(AttachmentInInterceptor.class.getName());
        this.registry = registry;
        this.guard = guard;
    }

    @Override
    public void handleMessage(Message message) {
        if (!"POST".equals(message.get(Message.HTTP_REQUEST_METHOD))) {
            return; // the WSDL and its schemas are public; CXF refuses other methods itself
        }
        HttpServletRequest request = (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
        String source = request == null ? null : request.getRemoteAddr();
        Agency agency;
        try {
            guard.beforeAuthentication(source);
            String authorization = request == null ? null : request.getHeader("Authorization");
            agency = (authorization != null ? identify(authorization)
                    : registry.current().authenticateCertificate(CallerAuthenticator.clientCertificate(request))).orElse(null);
            if (agency == null) {
                guard.failed(source);
                throw new ProblemException(Problem.UNAUTHENTICATED, REFUSAL);
            }
            guard.admit(agency);
        } catch (ProblemException refused) {
            throw new Fault(refused);
        }
        message.getExchange().put(Agency.class, agency);
    }

    Optional<Agency> identify(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        int space = authorization.indexOf(' ');
        if (space <= 0 || !authorization.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String key = authorization.substring(space + 1).trim();
        return key.isEmpty() ? Optional.empty() : registry.current().authenticate(key);
    }

    /** The agency the current SOAP call was authenticated as (on the thread that runs the service). */
    public static Agency currentCaller() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        Agency agency = message == null ? null : message.getExchange().get(Agency.class);
        if (agency == null) {
            // only reachable if the endpoint was published without this interceptor
            throw new ProblemException(Problem.UNAUTHENTICATED, REFUSAL);
        }
        return agency;
    }
}
