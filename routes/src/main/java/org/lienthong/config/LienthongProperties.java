package org.lienthong.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code lienthong.*} setting of a node (docs/configuration.md lists them with their defaults).
 *
 * @param dataDir  everything the node writes: broker journal, database, content store, exchange folders
 * @param registry the agency registry file; {@code null} means {@code config/agencies.yaml}, else the bundled sample
 * @param registryPollInterval how often the registry file is checked for changes
 * @param broker   the message broker
 * @param delivery delivery scheduling and retry defaults
 * @param limits   request size limits
 * @param ops      the operator account
 * @param trail    trail writer tuning
 * @param content  clean-up of the content store (large payloads)
 * @param edoc     e-Doc signature checking
 * @param feedback citizen feedback routing and deadlines
 * @param dossier  dossier (TTHC) status table and batch limits
 */
@ConfigurationProperties(prefix = "lienthong")
public record LienthongProperties(
        @DefaultValue("./data") Path dataDir,
        Path registry,
        @DefaultValue("2s") Duration registryPollInterval,
        @DefaultValue Broker broker,
        @DefaultValue Delivery delivery,
        @DefaultValue Limits limits,
        @DefaultValue Ops ops,
        @DefaultValue Trail trail,
        @DefaultValue Content content,
        @DefaultValue Edoc edoc,
        @DefaultValue Feedback feedback,
        @DefaultValue Dossier dossier) {

    /**
     * @param mode                 {@code embedded} (default) or {@code remote}
     * @param url                  the remote broker URL (remote mode), e.g. {@code (tcp://a:61616,tcp://b:61616)?ha=true}
     * @param user                 remote broker user
     * @param password             remote broker password (secret)
     * @param tcpPort              embedded only: open a TCP acceptor on this port (off when unset)
     * @param tcpHost              embedded only: the TCP acceptor's bind address
     * @param journalBufferTimeout embedded only: override broker.xml's group-commit window
     * @param producerSessions     pooled sessions the ingress sends with
     * @param inVmId               embedded only: the in-vm acceptor id (several nodes in one JVM, as in tests)
     * @param name                 embedded only: broker name, as JMX and Hawtio show it
     */
    public record Broker(
            @DefaultValue("embedded") String mode,
            String url,
            String user,
            String password,
            Integer tcpPort,
            @DefaultValue("127.0.0.1") String tcpHost,
            Duration journalBufferTimeout,
            @DefaultValue("64") int producerSessions,
            @DefaultValue("0") int inVmId,
            @DefaultValue("lienthong") String name) {

        public boolean isEmbedded() {
            return !"remote".equalsIgnoreCase(mode);
        }
    }

    /**
     * @param maxOpenLanes     recipient agencies served at the same time (each holds one consumer while served)
     * @param inFlightPerAgency deliveries in progress at once towards one agency
     * @param laneIdleTimeout  an agency's consumer is closed after this long without work
     * @param laneQuantum      deliveries one agency may take before yielding its slot to a waiting agency
     * @param scanInterval     how often queue depths are scanned for work this node was not told about
     * @param retry            default retry policy, overridden per agency in the registry
     * @param rest             the rest connector's HTTP client
     * @param fileThreads      threads writing file deliveries
     * @param workerThreads    threads running the lanes' steps (opening and closing a lane's broker session waits
     *                         for the broker, so a fan-out opens lanes on several threads at once); 0: four per core,
     *                         at least 8
     */
    public record Delivery(
            @DefaultValue("1024") int maxOpenLanes,
            @DefaultValue("16") int inFlightPerAgency,
            @DefaultValue("10s") Duration laneIdleTimeout,
            @DefaultValue("1000") int laneQuantum,
            @DefaultValue("30s") Duration scanInterval,
            @DefaultValue Retry retry,
            @DefaultValue Rest rest,
            @DefaultValue("4") int fileThreads,
            @DefaultValue("0") int workerThreads) {
    }

    /**
     * @param maxAttempts    attempts before a delivery goes DEAD
     * @param initialBackoff wait before the first retry; doubles after each failure
     * @param maxBackoff     the longest wait between two attempts
     */
    public record Retry(
            @DefaultValue("10") int maxAttempts,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("10m") Duration maxBackoff) {
    }

    /**
     * @param connectTimeout  TCP connect timeout towards recipients
     * @param responseTimeout time a recipient has to answer
     * @param maxConnectionsPerHost keep-alive connections per recipient host
     */
    public record Rest(
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("30s") Duration responseTimeout,
            @DefaultValue("32") int maxConnectionsPerHost) {
    }

    /**
     * @param genericMaxBody   largest generic message request body
     * @param inlinePayloadMax payloads larger than this are kept once in the content store instead of in
     *                         every recipient's queue entry
     * @param edocMaxBody      largest edXML package (streamed to disk)
     * @param ratePerAgency    API and SOAP requests per second one agency may send, sustained (0: unlimited)
     * @param rateBurst        requests an agency may send at once above its rate
     * @param agencyRates      per agency code: its own requests per second (0: unlimited)
     * @param authFailuresPerMinute failed authentications from one address before it is refused for the rest of
     *                         the minute (0: never)
     */
    public record Limits(
            @DefaultValue("10MB") DataSize genericMaxBody,
            @DefaultValue("256KB") DataSize inlinePayloadMax,
            @DefaultValue("1GB") DataSize edocMaxBody,
            @DefaultValue("1000") double ratePerAgency,
            @DefaultValue("2000") int rateBurst,
            @DefaultValue Map<String, Double> agencyRates,
            @DefaultValue("20") int authFailuresPerMinute) {
    }

    /**
     * @param trustStore    PEM file or directory of CA certificates whose agency certificates are trusted
     * @param crls          CRL files checked for every certificate whose issuer published one
     * @param allowUnsigned agency codes that may send unsigned packages
     * @param allowRsaSha1  legacy senders whose rsa-sha1 signatures are accepted
     */
    public record Edoc(Path trustStore, @DefaultValue List<Path> crls, @DefaultValue Set<String> allowUnsigned,
                       @DefaultValue Set<String> allowRsaSha1) {
    }

    /**
     * @param username operator login for Hawtio and the admin API
     * @param password operator password (secret); generated and logged once at start when unset
     */
    public record Ops(@DefaultValue("ops") String username, String password) {
    }

    /**
     * @param topics               routing table: topic → handling agency code
     * @param deadlines            time allowed to reply, per topic (e.g. {@code 10d})
     * @param defaultDeadline      time allowed when the topic has no entry
     * @param overdueCheckInterval how often deadlines are checked
     */
    public record Feedback(@DefaultValue Map<String, String> topics, @DefaultValue Map<String, Duration> deadlines,
                           @DefaultValue("15d") Duration defaultDeadline,
                           @DefaultValue("1m") Duration overdueCheckInterval) {
    }

    /**
     * @param grace         a large payload is kept this long after all its deliveries are DELIVERED
     * @param retention     a large payload is deleted after this whatever its deliveries' state (dead letters can no
     *                      longer be replayed after that)
     * @param sweepInterval how often the clean-up runs
     */
    public record Content(
            @DefaultValue("1h") Duration grace,
            @DefaultValue("30d") Duration retention,
            @DefaultValue("10m") Duration sweepInterval) {
    }

    /**
     * @param maxBatch       events written in one database transaction at most
     * @param billingZone    time zone whose calendar months the usage counters (billing) follow
     * @param nodeId         this node's name in the trail's hash chain; unique among nodes sharing a database
     *                       (default: the host name)
     * @param anchorInterval how often the chain's head is anchored (recorded in {@code trail_anchor} and logged)
     */
    public record Trail(@DefaultValue("1000") int maxBatch, @DefaultValue("Asia/Ho_Chi_Minh") String billingZone,
                        String nodeId, @DefaultValue("1d") Duration anchorInterval) {

        /** The node id, or the host name when none is configured. */
        public String node() {
            if (nodeId != null && !nodeId.isBlank()) {
                return nodeId.strip();
            }
            try {
                String host = java.net.InetAddress.getLocalHost().getHostName();
                return host.length() <= 64 ? host : host.substring(0, 64);
            } catch (java.io.IOException e) {
                return "node";
            }
        }
    }

    /**
     * @param statuses  the portal's status codes: code → name and whether it closes the dossier (empty: the
     *                  built-in table 1–7 of {@link org.lienthong.connector.dossier.StatusTable#defaultPortalCodes()})
     * @param statusMap a reporting system's own codes → a portal code (matched without regard to case)
     * @param maxBatch  records or updates in one call or file at most
     * @param maxFile   largest CSV/XML batch file taken from an outbox
     */
    public record Dossier(@DefaultValue Map<String, Status> statuses, @DefaultValue Map<String, String> statusMap,
                          @DefaultValue("5000") int maxBatch, @DefaultValue("50MB") DataSize maxFile) {

        /**
         * @param name     the status's name, for people
         * @param resolved whether a dossier in this status is closed (counted as resolved in the statistics)
         */
        public record Status(String name, @DefaultValue("false") boolean resolved) {
        }
    }
}
