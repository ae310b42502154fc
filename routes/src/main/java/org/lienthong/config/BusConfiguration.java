package org.lienthong.config;

import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.lienthong.admin.AdminApi;
import org.lienthong.admin.AdminRoutes;
import org.lienthong.admin.DeadLetterReplayer;
import org.lienthong.agencies.AgenciesRoutes;
import org.lienthong.connector.file.FileConnector;
import org.lienthong.connector.rest.RestConnector;
import org.lienthong.connector.soap.SoapConnector;
import org.lienthong.delivery.DeliveryDispatcher;
import org.lienthong.delivery.DeliveryRoutes;
import org.lienthong.delivery.DeliveryScheduler;
import org.lienthong.connector.edxml.EdxmlReader;
import org.lienthong.edoc.EdocApi;
import org.lienthong.feedback.FeedbackApi;
import org.lienthong.feedback.FeedbackRepository;
import org.lienthong.feedback.FeedbackRoutes;
import org.lienthong.feedback.FeedbackService;
import org.lienthong.feedback.FeedbackSettings;
import org.lienthong.connector.dossier.DossierRecords;
import org.lienthong.connector.dossier.StatusTable;
import org.lienthong.dossier.DossierApi;
import org.lienthong.dossier.DossierOutboxHandler;
import org.lienthong.dossier.DossierRepository;
import org.lienthong.dossier.DossierRoutes;
import org.lienthong.dossier.DossierService;
import org.lienthong.dossier.soap.DossierSoapConfiguration;
import org.lienthong.dossier.DossierStatsApi;
import org.lienthong.edoc.EdocOutboxHandler;
import org.lienthong.edoc.EdocRepository;
import org.lienthong.edoc.EdocRoutes;
import org.lienthong.edoc.EdocService;
import org.lienthong.edoc.EdocSignatures;
import org.lienthong.edoc.EdxmlInspector;
import org.lienthong.edoc.EdxmlSignatureCheck;
import org.lienthong.edoc.soap.EdocSoapConfiguration;
import org.lienthong.feedback.soap.FeedbackSoapConfiguration;
import org.lienthong.outbox.OutboxRoutes;
import org.lienthong.mailbox.MailboxApi;
import org.lienthong.mailbox.MailboxConnector;
import org.lienthong.mailbox.MailboxRoutes;
import org.lienthong.messages.MessageAcceptor;
import org.lienthong.messages.MessageValidator;
import org.lienthong.messages.MessagesApi;
import org.lienthong.messages.MessagesRoutes;
import org.lienthong.messaging.BrokerSessions;
import org.lienthong.messaging.ProducerPool;
import org.lienthong.messaging.QueueDepths;
import org.lienthong.ops.BusMetrics;
import org.lienthong.registry.RegistryService;
import org.lienthong.store.ContentJanitor;
import org.lienthong.store.ContentStore;
import org.lienthong.trail.TrailRepository;
import org.lienthong.trail.TrailEvent;
import org.lienthong.web.AccessGuard;
import org.lienthong.trail.TrailVerifier;
import org.lienthong.trail.TrailWriter;
import org.lienthong.web.ApiErrorHandling;
import org.lienthong.web.CallerAuthenticator;
import org.lienthong.web.HttpResponses;
import org.lienthong.web.OpsAccount;
import org.lienthong.web.RestApi;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Wires the bus: registry, trail, delivery, API routes. Everything is constructor-injected. */
@Configuration(proxyBeanMethods = false)
@Import({EdocSoapConfiguration.class, FeedbackSoapConfiguration.class, DossierSoapConfiguration.class})
public class BusConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    OpsAccount opsAccount(LienthongProperties properties) {
        return new OpsAccount(properties.ops().username(), properties.ops().password());
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    RegistryService registryService(LienthongProperties properties, Clock clock) {
        return new RegistryService(properties.registry(), properties.dataDir().toAbsolutePath(),
                properties.registryPollInterval(), clock);
    }

    @Bean
    ContentStore contentStore(LienthongProperties properties) {
        return new ContentStore(properties.dataDir().resolve("content"));
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    TrailWriter trailWriter(DataSource dataSource, LienthongProperties properties) {
        return new TrailWriter(dataSource, properties.trail().maxBatch(), ZoneId.of(properties.trail().billingZone()),
                properties.trail().node());
    }

    @Bean
    TrailVerifier trailVerifier(DataSource dataSource, Clock clock, LienthongProperties properties) {
        return new TrailVerifier(dataSource, properties.trail().node(), clock);
    }

    @Bean
    @DependsOnDatabaseInitialization
    TrailRepository trailRepository(DataSource dataSource) {
        return new TrailRepository(dataSource);
    }

    @Bean
    @DependsOnDatabaseInitialization
    ContentJanitor contentJanitor(DataSource dataSource, ContentStore store, Clock clock, LienthongProperties properties) {
        return new ContentJanitor(dataSource, store, clock, properties.content().grace(), properties.content().retention());
    }

    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService housekeeping(ContentJanitor janitor, LienthongProperties properties) {
        var executor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1_000, properties.content().sweepInterval().toMillis());
        executor.scheduleWithFixedDelay(() -> {
            try {
                janitor.sweep();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ContentJanitor.class).warn("Content clean-up failed: {}", e.toString());
            }
        }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        return executor;
    }

    @Bean
    @DependsOnDatabaseInitialization
    EdocRepository edocRepository(DataSource dataSource) {
        return new EdocRepository(dataSource);
    }

    @Bean
    BusMetrics busMetrics(MeterRegistry meterRegistry, QueueDepths depths) {
        return new BusMetrics(meterRegistry, depths);
    }

    // ------------------------------------------------------------------ delivery

    @Bean(destroyMethod = "close")
    RestConnector restConnector(LienthongProperties properties) {
        LienthongProperties.Rest rest = properties.delivery().rest();
        return new RestConnector(new RestConnector.Settings(rest.connectTimeout(), rest.responseTimeout(),
                rest.maxConnectionsPerHost(), 4096, 1));
    }

    @Bean
    FileConnector fileConnector(ObjectMapper json, LienthongProperties properties) {
        // Not a bean of its own: an Executor bean would switch off Spring Boot's task executor.
        ExecutorService io = Executors.newFixedThreadPool(Math.max(1, properties.delivery().fileThreads()), runnable -> {
            Thread thread = new Thread(runnable, "delivery-file");
            thread.setDaemon(true);
            return thread;
        });
        return new FileConnector(json, io);
    }

    @Bean
    MailboxConnector mailboxConnector(TrailWriter trail, ContentStore contentStore, Clock clock) {
        return new MailboxConnector(trail, contentStore, clock);
    }

    @Bean
    DeliveryRoutes deliveryRoutes(RestConnector rest, FileConnector file, MailboxConnector mailbox, SoapConnector soap) {
        return new DeliveryRoutes(rest, file, mailbox, soap);
    }

    @Bean
    DeliveryDispatcher deliveryDispatcher(CamelContext camel) {
        return new DeliveryDispatcher(camel);
    }

    @Bean
    DeliverySchedulerLifecycle deliveryScheduler(BrokerSessions sessions, RegistryService registry,
                                                 DeliveryDispatcher dispatcher, TrailWriter trail,
                                                 TrailRepository trailRepository, ContentStore contentStore,
                                                 BusMetrics metrics, QueueDepths depths, Clock clock,
                                                 LienthongProperties properties) {
        return new DeliverySchedulerLifecycle(new DeliveryScheduler(sessions, registry, dispatcher, trail,
                trailRepository, contentStore, metrics, depths, clock, properties.delivery()));
    }

    // ------------------------------------------------------------------ API

    @Bean
    HttpResponses httpResponses(ObjectMapper json) {
        return new HttpResponses(json);
    }

    @Bean
    AccessGuard accessGuard(LienthongProperties properties) {
        LienthongProperties.Limits limits = properties.limits();
        return new AccessGuard(new AccessGuard.Settings(limits.authFailuresPerMinute(), limits.ratePerAgency(),
                limits.rateBurst(), limits.agencyRates()));
    }

    @Bean
    CallerAuthenticator callerAuthenticator(RegistryService registry, OpsAccount ops, AccessGuard guard) {
        return new CallerAuthenticator(registry, ops, guard);
    }

    @Bean
    ApiErrorHandling apiErrorHandling(HttpResponses responses) {
        return new ApiErrorHandling(responses);
    }

    @Bean
    RestApi restApi() {
        return new RestApi();
    }

    @Bean
    MessageAcceptor messageAcceptor(ProducerPool producers, ContentStore contentStore, TrailWriter trail,
                                    TrailRepository repository, DeliverySchedulerLifecycle scheduler,
                                    BusMetrics metrics, Clock clock, LienthongProperties properties) {
        return new MessageAcceptor(producers, contentStore, trail, repository, scheduler.scheduler(), metrics, clock,
                properties.limits().inlinePayloadMax().toBytes());
    }

    @Bean
    MessagesRoutes messagesRoutes(CallerAuthenticator authenticator, ObjectMapper json, MessageAcceptor acceptor,
                                  RegistryService registry, TrailRepository repository, HttpResponses responses,
                                  EdocRepository edocRepository, LienthongProperties properties) {
        MessagesApi api = new MessagesApi(json, new MessageValidator(json), acceptor, registry, repository, responses,
                edocRepository, properties.limits().genericMaxBody().toBytes());
        return new MessagesRoutes(authenticator, api);
    }

    @Bean
    MailboxRoutes mailboxRoutes(CallerAuthenticator authenticator, TrailRepository repository, TrailWriter trail,
                                ContentStore contentStore, HttpResponses responses, Clock clock) {
        return new MailboxRoutes(authenticator, new MailboxApi(repository, trail, contentStore, responses, clock));
    }

    @Bean
    AgenciesRoutes agenciesRoutes(CallerAuthenticator authenticator, RegistryService registry, HttpResponses responses) {
        return new AgenciesRoutes(authenticator, registry, responses);
    }

    @Bean
    DeadLetterReplayer deadLetterReplayer(BrokerSessions sessions, TrailRepository repository, TrailWriter trail,
                                          DeliverySchedulerLifecycle scheduler, ContentStore contentStore, Clock clock) {
        return new DeadLetterReplayer(sessions, repository, trail, scheduler.scheduler(), contentStore, clock);
    }

    // ------------------------------------------------------------------ e-Doc

    @Bean
    EdocService edocService(ContentStore contentStore, RegistryService registry, MessageAcceptor acceptor,
                            TrailRepository trailRepository, TrailWriter trail, EdocRepository edocRepository,
                            Clock clock, LienthongProperties properties) {
        LienthongProperties.Edoc edoc = properties.edoc();
        EdocSignatures signatures = new EdxmlSignatureCheck(edoc.trustStore(), edoc.crls(), edoc.allowUnsigned(),
                edoc.allowRsaSha1(), clock);
        long max = properties.limits().edocMaxBody().toBytes();
        EdxmlReader reader = new EdxmlReader(new EdxmlReader.Limits(max, EdxmlReader.Limits.DEFAULT.xml(),
                EdxmlReader.Limits.DEFAULT.maxFieldChars(), EdxmlReader.Limits.DEFAULT.maxContentChars(),
                EdxmlReader.Limits.DEFAULT.maxHeaderChars()));
        return new EdocService(contentStore, new EdxmlInspector(reader), signatures, registry, acceptor,
                trailRepository, trail, edocRepository, clock, max);
    }

    @Bean
    EdocRoutes edocRoutes(CallerAuthenticator authenticator, EdocService edoc, HttpResponses responses,
                          LienthongProperties properties) {
        return new EdocRoutes(authenticator, new EdocApi(edoc, responses, properties.limits().edocMaxBody().toBytes()));
    }

    @Bean
    OutboxRoutes outboxRoutes(EdocService edoc, DossierService dossiers, RegistryService registry, Clock clock,
                              LienthongProperties properties) {
        // the dossier handler first: it takes only the XML files that are dossier batches, the e-Doc handler the rest
        return new OutboxRoutes(properties.dataDir().resolve("exchange"), registry,
                java.util.List.of(new DossierOutboxHandler(dossiers, properties.dossier().maxFile().toBytes(), clock),
                        new EdocOutboxHandler(edoc)), clock);
    }

    // ------------------------------------------------------------------ feedback (PAKN)

    @Bean
    @DependsOnDatabaseInitialization
    FeedbackService feedbackService(MessageAcceptor acceptor, RegistryService registry, DataSource dataSource,
                                    TrailRepository trailRepository, TrailWriter trail, ObjectMapper json,
                                    BusMetrics metrics, Clock clock, LienthongProperties properties) {
        LienthongProperties.Feedback feedback = properties.feedback();
        return new FeedbackService(acceptor, registry, new FeedbackRepository(dataSource), trailRepository, trail, json,
                new FeedbackSettings(feedback.topics(), feedback.deadlines(), feedback.defaultDeadline()), metrics, clock);
    }

    @Bean
    FeedbackRoutes feedbackRoutes(CallerAuthenticator authenticator, FeedbackService feedback, ObjectMapper json,
                                  HttpResponses responses, LienthongProperties properties) {
        return new FeedbackRoutes(authenticator, new FeedbackApi(feedback, json, responses,
                properties.limits().genericMaxBody().toBytes()), feedback,
                Math.max(100, properties.feedback().overdueCheckInterval().toMillis()));
    }

    // ------------------------------------------------------------------ dossiers (TTHC)

    @Bean
    @DependsOnDatabaseInitialization
    DossierService dossierService(MessageAcceptor acceptor, RegistryService registry, DataSource dataSource,
                                  ObjectMapper json, Clock clock, LienthongProperties properties) {
        LienthongProperties.Dossier dossier = properties.dossier();
        Map<String, StatusTable.PortalStatus> codes = new LinkedHashMap<>();
        dossier.statuses().forEach((code, status) -> codes.put(code,
                new StatusTable.PortalStatus(code, status.name() == null ? code : status.name(), status.resolved())));
        StatusTable statuses = new StatusTable(codes.isEmpty() ? StatusTable.defaultPortalCodes() : codes,
                dossier.statusMap());
        return new DossierService(acceptor, registry, new DossierRepository(dataSource), new DossierRecords(statuses),
                json, dossier.maxBatch(), clock);
    }

    @Bean
    DossierRoutes dossierRoutes(CallerAuthenticator authenticator, DossierService dossiers, DataSource dataSource,
                                ObjectMapper json, HttpResponses responses, Clock clock, LienthongProperties properties) {
        return new DossierRoutes(authenticator, new DossierApi(dossiers, json, responses,
                properties.limits().genericMaxBody().toBytes()),
                new DossierStatsApi(new DossierRepository(dataSource), responses, clock,
                        ZoneId.of(properties.trail().billingZone())));
    }

    @Bean
    AdminRoutes adminRoutes(CallerAuthenticator authenticator, TrailRepository repository, DeadLetterReplayer replayer,
                            HttpResponses responses, TrailVerifier verifier, RegistryService registry,
                            TrailWriter trail, Clock clock, LienthongProperties properties) {
        // operator actions go on the trail: replay records itself; a registry reload (the operators' edit of the
        // file) is recorded here, under the reserved id "~registry" (message ids start with a letter or digit)
        registry.addListener(next -> trail.submit(new TrailEvent.Noted("~registry", null, "REGISTRY_RELOADED",
                next.size() + " agencies from " + registry.watchedFile().map(Object::toString).orElse("the bundled sample"),
                clock.instant())));
        return new AdminRoutes(authenticator, new AdminApi(repository, replayer, responses, verifier), verifier,
                Math.max(1000, properties.trail().anchorInterval().toMillis()));
    }
}
