package org.lienthong.connector.soap;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;
import javax.xml.namespace.QName;

import jakarta.activation.DataHandler;
import jakarta.xml.soap.Detail;
import jakarta.xml.soap.SOAPFault;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.handler.MessageContext;
import jakarta.xml.ws.soap.SOAPBinding;
import jakarta.xml.ws.soap.SOAPFaultException;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.interceptor.ClientFaultConverter;
import org.apache.cxf.interceptor.MessageSenderInterceptor;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.staxutils.StaxUtils;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.lienthong.connector.DeliveryConnector;
import org.lienthong.connector.DeliveryHeaders;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.soap.contract.EdocFault;
import org.lienthong.connector.soap.contract.EdocFaultDetail;
import org.lienthong.connector.soap.contract.EdocPortType;
import org.lienthong.connector.soap.contract.EdocReceipt;
import org.lienthong.connector.soap.feedback.contract.FeedbackFault;
import org.lienthong.connector.soap.feedback.contract.FeedbackFaultDetail;
import org.lienthong.connector.soap.feedback.contract.FeedbackInboxPortType;
import org.lienthong.connector.soap.feedback.contract.FeedbackItem;
import org.lienthong.connector.soap.feedback.contract.FeedbackReplyItem;
import org.lienthong.connector.soap.feedback.contract.Receipt;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The {@code soap} connector: calls the recipient agency's SOAP service at the registered URL, the operation
 * chosen by the message type alone:
 * <table>
 *   <caption>message type → operation</caption>
 *   <tr><td>{@code edoc}</td><td>{@code sendEdoc} of the e-Doc contract ({@link EdocContract})</td></tr>
 *   <tr><td>{@code edoc-status}</td><td>{@code sendStatus} of the e-Doc contract</td></tr>
 *   <tr><td>{@code feedback}</td><td>{@code receiveFeedback} of the feedback inbox ({@link FeedbackContract})</td></tr>
 *   <tr><td>{@code feedback-reply}</td><td>{@code receiveReply} of the feedback inbox</td></tr>
 * </table>
 * Any other type is {@link DeliveryOutcome.Permanent} without a call. The edXML travels as an MTOM attachment
 * streamed from the payload (a file payload is never read into memory); a feedback item or reply is read from its
 * JSON payload ({@link FeedbackPayloads}) and its files go as MTOM attachments. The {@link DeliveryHeaders} go as
 * HTTP headers. A feedback payload carries the citizen's contact details: they are sent to the recipient, which
 * needs them, and appear in no outcome or log line of this connector.
 *
 * <p>Classification (SPEC §5 rule 4): an answer is {@link DeliveryOutcome.Delivered}; connection errors,
 * timeouts, HTTP 5xx/408/429 and SOAP server faults ({@code soap:Server}, {@code env:Receiver}) are
 * {@link DeliveryOutcome.Transient}; other HTTP 4xx and SOAP client faults ({@code soap:Client},
 * {@code env:Sender}) are {@link DeliveryOutcome.Permanent}, except a client fault whose detail code is
 * {@code RATE_LIMITED}, which is the SOAP form of HTTP 429 and is retried.
 *
 * <p>Threads: each call runs synchronously on the bounded executor given at construction, never on the caller's
 * thread. CXF's asynchronous invocation would not spare that thread: any CXF client writes the request, MTOM
 * attachment included, on the invoking thread, so a package of hundreds of MB would hold the caller for the
 * whole upload; only the wait for the answer can be made non-blocking, and that needs the HC5 async conduit,
 * which is not used here. The executor bounds how many SOAP deliveries run at once; its size is the
 * operator's knob. Every call has a hard deadline (connect + receive timeout + payload size at a minimum
 * transfer rate): a recipient that stops reading the upload gets its connection closed instead of holding a
 * thread for ever, since a plain socket write has no timeout of its own.
 *
 * <p>Clients are built once per contract and URL (parsing the contract is expensive) and shared by all threads:
 * per-call state (the headers) lives in CXF's thread-local request context.
 */
public final class SoapConnector implements DeliveryConnector, AutoCloseable {

    /** The registry name of this connector. */
    public static final String NAME = "soap";

    /**
     * Tuning of the connector.
     *
     * @param connectTimeout  TCP connect timeout
     * @param receiveTimeout  longest silence while waiting for (or reading) the answer
     * @param minTransferRate bytes per second a recipient must at least take the upload at: with the timeouts it
     *                        gives each call its hard deadline
     * @param maxClients      client proxies kept (one per recipient URL)
     */
    public record Settings(Duration connectTimeout, Duration receiveTimeout, long minTransferRate, int maxClients) {
        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(receiveTimeout, "receiveTimeout");
            if (minTransferRate <= 0) {
                throw new IllegalArgumentException("minTransferRate must be positive");
            }
            if (maxClients <= 0) {
                throw new IllegalArgumentException("maxClients must be positive");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(60), 64 * 1024, 1024);
        }
    }

    /** The contracts this connector calls: one generated port type each, from one WSDL. */
    enum Contract {
        EDOC(EdocPortType.class, EdocContract.SERVICE, EdocContract.PORT),
        FEEDBACK_INBOX(FeedbackInboxPortType.class, FeedbackContract.INBOX_SERVICE, FeedbackContract.INBOX_PORT);

        final Class<?> portType;
        final QName service;
        final QName port;

        Contract(Class<?> portType, QName service, QName port) {
            this.portType = portType;
            this.service = service;
            this.port = port;
        }

        URL wsdl() {
            return this == EDOC ? EdocContract.wsdl() : FeedbackContract.wsdl();
        }
    }

    /** The operations this connector performs, by message type. */
    enum Operation {
        SEND_EDOC("edoc", "sendEdoc", Contract.EDOC),
        SEND_STATUS("edoc-status", "sendStatus", Contract.EDOC),
        RECEIVE_FEEDBACK("feedback", "receiveFeedback", Contract.FEEDBACK_INBOX),
        RECEIVE_REPLY("feedback-reply", "receiveReply", Contract.FEEDBACK_INBOX);

        final String messageType;
        final String soapName;
        final Contract contract;

        Operation(String messageType, String soapName, Contract contract) {
            this.messageType = messageType;
            this.soapName = soapName;
            this.contract = contract;
        }

        static Operation forType(String type) {
            for (Operation operation : values()) {
                if (operation.messageType.equals(type)) {
                    return operation;
                }
            }
            return null;
        }
    }

    /** Request-context key under which a call leaves a holder for its HTTP connection (for the deadline). */
    private static final String CONNECTION_HOLDER = "lienthong.soap.connection";
    private static final int MAX_REASON = 400;
    /** Local names of the fault details that carry a problem code ({@code <code/><message/>}). */
    private static final Set<String> FAULT_DETAILS = Set.of(EdocContract.FAULT_DETAIL.getLocalPart(),
            FeedbackContract.FAULT_DETAIL.getLocalPart());

    private final Settings settings;
    private final Executor executor;
    private final Bus bus;
    private final ScheduledExecutorService deadlines;
    private final Map<ClientKey, BindingProvider> clients = new ConcurrentHashMap<>();

    /** A client proxy is built per contract and recipient URL. */
    private record ClientKey(Contract contract, String url) {
    }

    /**
     * @param settings timeouts and cache size
     * @param executor runs the calls; bounded (its threads are the number of SOAP deliveries in progress at once);
     *                 owned by the caller, who shuts it down
     */
    public SoapConnector(Settings settings, Executor executor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.bus = privateBus();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "delivery-soap-deadline");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A bus of its own, so the connector's client settings never mix with the node's SOAP endpoints. CXF makes
     * the first bus created in a JVM the default one (for the whole JVM and for the creating thread): undone
     * here, so whatever else relies on the default bus (the node's endpoints) never gets this one.
     */
    private static Bus privateBus() {
        Bus threadDefault = BusFactory.getThreadDefaultBus(false);
        Bus bus = new CXFBusFactory().createBus();
        synchronized (BusFactory.class) {
            if (BusFactory.getDefaultBus(false) == bus) {
                BusFactory.setDefaultBus(null);
            }
        }
        BusFactory.setThreadDefaultBus(threadDefault);
        return bus;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletableFuture<DeliveryOutcome> deliver(OutboundMessage message, DeliveryTarget target) {
        Operation operation = Operation.forType(message.type());
        if (operation == null) {
            return CompletableFuture.completedFuture(DeliveryOutcome.fail("soap connector carries e-Doc and feedback"
                    + " only (edoc, edoc-status, feedback, feedback-reply), not '" + message.type() + "'"));
        }
        String url;
        try {
            url = endpoint(target.url()).toString();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    DeliveryOutcome.fail("invalid endpoint for soap delivery: " + e.getMessage()));
        }
        try {
            return CompletableFuture.supplyAsync(() -> call(operation, message, url), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(
                    DeliveryOutcome.retry("soap delivery executor is not accepting work"));
        }
    }

    private DeliveryOutcome call(Operation operation, OutboundMessage message, String url) {
        Invocation invocation;
        try {
            invocation = invocation(operation, message);
        } catch (FeedbackPayloads.InvalidPayload e) {
            return DeliveryOutcome.fail(e.getMessage());
        } catch (IOException e) {
            // the content store could not give the payload back: nothing to do with the recipient, maybe passing
            return DeliveryOutcome.retry("could not read the payload (" + e.getClass().getSimpleName() + ")");
        }
        BindingProvider port;
        try {
            port = client(operation.contract, url);
        } catch (RuntimeException e) {
            // building a client reads only our own WSDL; a failure here is ours, not the recipient's
            return DeliveryOutcome.retry("could not build the SOAP client: " + describe(e));
        }
        Map<String, Object> context = port.getRequestContext(); // this thread's own
        AtomicReference<HttpURLConnection> connection = new AtomicReference<>();
        AtomicBoolean expired = new AtomicBoolean();
        Duration deadline = deadline(message.payload().size());
        ScheduledFuture<?> alarm = deadlines.schedule(() -> {
            expired.set(true);
            HttpURLConnection open = connection.get();
            if (open != null) {
                open.disconnect(); // closes the socket: a blocked write or read fails at once
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        port.getResponseContext().clear(); // this thread's too: no status of an earlier call
        context.put(Message.PROTOCOL_HEADERS, protocolHeaders(message));
        context.put(CONNECTION_HOLDER, connection);
        try {
            String reference = invocation.invoke(port);
            return DeliveryOutcome.delivered("SOAP " + operation.soapName + " accepted"
                    + (reference == null || reference.isBlank() ? "" : " as " + truncate(reference.strip())));
        } catch (EdocFault fault) {
            // not raised while fault mapping is disabled; classified by its code should that change
            return classify(fault);
        } catch (FeedbackFault fault) {
            return classify(fault);
        } catch (RuntimeException e) {
            if (expired.get()) {
                return DeliveryOutcome.retry("timeout: no complete answer within the delivery deadline of "
                        + deadline.toSeconds() + " s");
            }
            return classify(e, responseStatus(port));
        } finally {
            alarm.cancel(false);
            context.remove(Message.PROTOCOL_HEADERS);
            context.remove(CONNECTION_HOLDER);
        }
    }

    /** One call on a client proxy; answers the recipient's reference for the outcome, or null. */
    @FunctionalInterface
    private interface Invocation {
        String invoke(BindingProvider port) throws EdocFault, FeedbackFault;
    }

    /**
     * The call for a message, its request built beforehand: a feedback payload that cannot be read is refused
     * here, before any connection is made.
     */
    private static Invocation invocation(Operation operation, OutboundMessage message)
            throws FeedbackPayloads.InvalidPayload, IOException {
        switch (operation) {
            case SEND_EDOC, SEND_STATUS -> {
                DataHandler edxml = new DataHandler(new PayloadDataSource(message.payload(), message.messageId()));
                return port -> {
                    EdocPortType edoc = (EdocPortType) port;
                    EdocReceipt receipt = operation == Operation.SEND_EDOC ? edoc.sendEdoc(edxml) : edoc.sendStatus(edxml);
                    return receipt == null ? null : receipt.getMessageId();
                };
            }
            case RECEIVE_FEEDBACK -> {
                FeedbackItem item = FeedbackPayloads.feedback(message);
                return port -> reference(((FeedbackInboxPortType) port).receiveFeedback(item));
            }
            case RECEIVE_REPLY -> {
                FeedbackReplyItem reply = FeedbackPayloads.reply(message);
                return port -> reference(((FeedbackInboxPortType) port).receiveReply(reply));
            }
            default -> throw new IllegalStateException("no invocation for " + operation);
        }
    }

    private static String reference(Receipt receipt) {
        return receipt == null ? null : receipt.getReference();
    }

    private Duration deadline(long payloadBytes) {
        long transferMillis = Math.max(0, payloadBytes) * 1000 / settings.minTransferRate();
        return settings.connectTimeout().plus(settings.receiveTimeout()).plusMillis(transferMillis);
    }

    private static Map<String, List<String>> protocolHeaders(OutboundMessage message) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        DeliveryHeaders.of(message).forEach((name, value) -> headers.put(name, List.of(value)));
        return headers;
    }

    /** The cached client for a contract and URL, built on first use. */
    BindingProvider client(Contract contract, String url) {
        ClientKey key = new ClientKey(contract, url);
        BindingProvider port = clients.get(key);
        if (port != null) {
            return port;
        }
        if (clients.size() >= settings.maxClients()) {
            // Rare (more recipient URLs than the cache holds): drop one. It is not destroyed, since another
            // thread may still be using it; the URLConnection conduit holds nothing that needs closing.
            Iterator<ClientKey> oldest = clients.keySet().iterator();
            if (oldest.hasNext()) {
                clients.remove(oldest.next());
            }
        }
        return clients.computeIfAbsent(key, this::newClient);
    }

    private BindingProvider newClient(ClientKey key) {
        Contract contract = key.contract();
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(contract.portType);
        factory.setWsdlURL(contract.wsdl().toString());
        factory.setServiceName(contract.service);
        factory.setEndpointName(contract.port);
        factory.setAddress(key.url());
        Map<String, Object> properties = new LinkedHashMap<>();
        // SOAPFaultException for every fault, declared or not, so the fault code (Client/Server) is kept
        properties.put(ClientFaultConverter.DISABLE_FAULT_MAPPING, Boolean.TRUE);
        // classic blocking HttpURLConnection: streams chunked uploads, and the receive timeout is a read timeout
        // that does not count the upload of a large package (the JDK HttpClient's request timeout would)
        properties.put("force.urlconnection.http.conduit", Boolean.TRUE);
        // (HTTP errors other than 500 stay HTTP errors, SOAP fault or not: CXF's default, and the status decides)
        // answers are small: tight parser limits
        properties.put(StaxUtils.MAX_ELEMENT_DEPTH, 32);
        properties.put(StaxUtils.MAX_CHILD_ELEMENTS, 1000);
        properties.put(StaxUtils.MAX_ATTRIBUTE_COUNT, 64);
        properties.put(StaxUtils.MAX_TEXT_LENGTH, 1024 * 1024);
        properties.put(StaxUtils.MAX_ELEMENT_COUNT, 10_000L);
        properties.put(StaxUtils.MAX_XML_CHARACTERS, 4L * 1024 * 1024);
        factory.setProperties(properties);
        factory.getOutInterceptors().add(new ConnectionCapture());
        BindingProvider provider = (BindingProvider) factory.create();

        ((SOAPBinding) provider.getBinding()).setMTOMEnabled(true);
        // from here on each thread sees its own request context (the per-call headers)
        provider.getRequestContext().put("thread.local.request.context", "true");

        Client client = ClientProxy.getClient(provider);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(settings.connectTimeout().toMillis());
        policy.setReceiveTimeout(settings.receiveTimeout().toMillis());
        policy.setAllowChunking(true);
        policy.setChunkingThreshold(64 * 1024);
        policy.setAutoRedirect(false);
        ((HTTPConduit) client.getConduit()).setClient(policy);
        return provider;
    }

    /**
     * The registered URL as an absolute http(s) URI with a host; anything else is a registry entry no retry can
     * fix. The message never repeats the URL, which may carry credentials.
     */
    static URI endpoint(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("URL scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("URL has no host");
        }
        return uri;
    }

    // ------------------------------------------------------------------ classification

    /** The HTTP status of this thread's last answer on {@code port}, when one came. */
    private static Integer responseStatus(BindingProvider port) {
        try {
            Object status = port.getResponseContext().get(MessageContext.HTTP_RESPONSE_CODE);
            return status instanceof Integer code ? code : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A failed call, classified by SPEC §5 rule 4. */
    static DeliveryOutcome classify(Throwable error) {
        return classify(error, null);
    }

    /**
     * A failed call, classified by SPEC §5 rule 4.
     *
     * @param httpStatus the answer's HTTP status when known: a SOAP fault outside a 200/500 answer, or one CXF
     *                   made up for an answer that was not SOAP at all (an HTML error page), is judged by it
     */
    static DeliveryOutcome classify(Throwable error, Integer httpStatus) {
        if (error instanceof SOAPFaultException soapFault) {
            if (httpStatus != null && httpStatus != 200 && httpStatus != 500) {
                return classifyStatus(httpStatus, null);
            }
            DeliveryOutcome outcome = classify(soapFault.getFault());
            return httpStatus == null ? outcome : prefixed("HTTP " + httpStatus + ", ", outcome);
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HTTPException http) {
                return classifyStatus(http.getResponseCode(), http.getResponseMessage());
            }
            if (cause instanceof SocketTimeoutException) {
                return DeliveryOutcome.retry("timeout: " + describe(cause));
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return DeliveryOutcome.retry("connection refused");
            }
            if (cause instanceof UnknownHostException) {
                return DeliveryOutcome.retry("unknown host: " + cause.getMessage());
            }
            if (cause instanceof SSLException) {
                return DeliveryOutcome.retry("TLS failure: " + describe(cause));
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException) {
                return DeliveryOutcome.retry("I/O error: " + describe(cause));
            }
        }
        // e.g. an answer that is not SOAP (an HTML error page): most likely a passing outage, and retries are
        // bounded by the agency's max-attempts anyway
        return DeliveryOutcome.retry("SOAP call failed: " + describe(error));
    }

    static DeliveryOutcome classifyStatus(int status, String reasonPhrase) {
        String detail = "HTTP " + status + (reasonPhrase == null || reasonPhrase.isBlank() ? "" : " " + reasonPhrase);
        if (status >= 200 && status < 300) {
            // an empty or unreadable 2xx answer: the recipient's side is broken, try again later
            return DeliveryOutcome.retry(detail + " without a SOAP answer");
        }
        if (status >= 500 || status == 408 || status == 429) {
            return DeliveryOutcome.retry(detail);
        }
        return DeliveryOutcome.fail(detail);
    }

    private static DeliveryOutcome prefixed(String prefix, DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Transient t) {
            return DeliveryOutcome.retry(prefix + t.reason());
        }
        if (outcome instanceof DeliveryOutcome.Permanent p) {
            return DeliveryOutcome.fail(prefix + p.reason());
        }
        return outcome;
    }

    /** A SOAP fault: the fault code says whose fault it is. */
    static DeliveryOutcome classify(SOAPFault fault) {
        QName faultCode = fault.getFaultCodeAsQName();
        String side = faultCode == null ? "" : faultCode.getLocalPart();
        String[] detail = faultDetail(fault);
        String code = detail[0];
        String text = detail[1] != null ? detail[1] : fault.getFaultString();
        String reason = "SOAP " + (side.isEmpty() ? "" : side + " ") + "fault" + (code == null ? "" : " " + code)
                + (text == null || text.isBlank() ? "" : ": " + text);
        reason = truncate(reason);
        String lower = side.toLowerCase(Locale.ROOT);
        if (lower.startsWith("server") || lower.startsWith("receiver")) {
            return DeliveryOutcome.retry(reason);
        }
        if ("RATE_LIMITED".equals(code)) {
            return DeliveryOutcome.retry(reason);
        }
        // Client / Sender, and VersionMismatch / MustUnderstand: resending the same request cannot help
        return DeliveryOutcome.fail(reason);
    }

    /** A mapped fault (only when fault mapping is on): classified by its problem code. */
    static DeliveryOutcome classify(EdocFault fault) {
        EdocFaultDetail info = fault.getFaultInfo();
        return classifyCode(info == null ? null : info.getCode(),
                info != null && info.getMessage() != null ? info.getMessage() : fault.getMessage());
    }

    /** A mapped feedback fault (only when fault mapping is on): classified by its problem code. */
    static DeliveryOutcome classify(FeedbackFault fault) {
        FeedbackFaultDetail info = fault.getFaultInfo();
        return classifyCode(info == null ? null : info.getCode(),
                info != null && info.getMessage() != null ? info.getMessage() : fault.getMessage());
    }

    private static DeliveryOutcome classifyCode(String code, String message) {
        String reason = truncate("SOAP fault" + (code == null ? "" : " " + code) + ": " + message);
        if (code == null || code.equals("INTERNAL") || code.equals("UNAVAILABLE") || code.equals("RATE_LIMITED")) {
            return DeliveryOutcome.retry(reason);
        }
        return DeliveryOutcome.fail(reason);
    }

    /** {code, message} of an {@code edocFault} or {@code feedbackFault} detail, or nulls. */
    private static String[] faultDetail(SOAPFault fault) {
        Detail detail = fault.getDetail();
        if (detail == null) {
            return new String[2];
        }
        NodeList children = detail.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child instanceof Element element && FAULT_DETAILS.contains(element.getLocalName())) {
                return new String[] {childText(element, "code"), childText(element, "message")};
            }
        }
        return new String[2];
    }

    private static String childText(Element parent, String localName) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                String text = element.getTextContent();
                return text == null ? null : text.trim();
            }
        }
        return null;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        List<BindingProvider> open = new ArrayList<>(clients.values());
        clients.clear();
        for (BindingProvider port : open) {
            try {
                ClientProxy.getClient(port).destroy();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
        bus.shutdown(true);
    }

    /** Hands the call's {@link HttpURLConnection} to its deadline alarm, once the conduit has opened it. */
    private static final class ConnectionCapture extends AbstractPhaseInterceptor<Message> {
        ConnectionCapture() {
            super(Phase.PREPARE_SEND);
            addAfter(MessageSenderInterceptor.class.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public void handleMessage(Message message) {
            Object holder = message.getContextualProperty(CONNECTION_HOLDER);
            Object connection = message.get(HTTPConduit.KEY_HTTP_CONNECTION);
            if (holder instanceof AtomicReference<?> reference && connection instanceof HttpURLConnection http) {
                ((AtomicReference<HttpURLConnection>) reference).set(http);
            }
        }
    }
}
