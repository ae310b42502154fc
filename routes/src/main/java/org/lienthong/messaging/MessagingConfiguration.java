package org.lienthong.messaging;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.lienthong.broker.EmbeddedBroker;
import org.lienthong.config.LienthongProperties;
import org.lienthong.registry.Agency;
import org.lienthong.registry.RegistryService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker side of a node: the embedded Artemis broker (default) or a connection to a remote one, the
 * session factory every component shares, and the producer pool of the ingress.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    /** Present only in embedded mode; started before anything connects, stopped after everything closed. */
    @Bean(destroyMethod = "close")
    EmbeddedBrokerHolder embeddedBroker(LienthongProperties properties) throws Exception {
        if (!properties.broker().isEmbedded()) {
            return new EmbeddedBrokerHolder(null);
        }
        Files.createDirectories(properties.dataDir());
        LienthongProperties.Broker broker = properties.broker();
        Long bufferTimeout = broker.journalBufferTimeout() == null ? null
                : TimeUnit.NANOSECONDS.convert(broker.journalBufferTimeout());
        return new EmbeddedBrokerHolder(EmbeddedBroker.start(new EmbeddedBroker.Options(properties.dataDir(),
                broker.tcpHost(), broker.tcpPort(), bufferTimeout, broker.inVmId(), broker.name())));
    }

    @Bean(destroyMethod = "close")
    ServerLocator serverLocator(LienthongProperties properties, EmbeddedBrokerHolder broker) throws Exception {
        String url = properties.broker().isEmbedded() ? "vm://" + properties.broker().inVmId() : properties.broker().url();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("lienthong.broker.mode=remote needs lienthong.broker.url");
        }
        ServerLocator locator = ActiveMQClient.createServerLocator(url);
        locator.setBlockOnDurableSend(true);
        locator.setBlockOnNonDurableSend(false);
        // A small prefetch per delivery consumer: enough to keep a lane busy, little to hand back on backoff.
        locator.setConsumerWindowSize(64 * 1024);
        locator.setCallTimeout(30_000);
        return locator;
    }

    @Bean(destroyMethod = "close")
    ClientSessionFactory clientSessionFactory(ServerLocator locator) throws Exception {
        return locator.createSessionFactory();
    }

    @Bean
    BrokerSessions brokerSessions(ClientSessionFactory factory, LienthongProperties properties) {
        return new BrokerSessions(factory, properties.broker().user(), properties.broker().password());
    }

    @Bean(destroyMethod = "close")
    ProducerPool producerPool(BrokerSessions sessions, LienthongProperties properties) {
        return new ProducerPool(sessions, properties.broker().producerSessions());
    }

    @Bean
    QueueDepths queueDepths(EmbeddedBrokerHolder broker, BrokerSessions sessions,
                            ObjectProvider<RegistryService> registry) {
        if (broker.broker() != null) {
            return new EmbeddedQueueDepths(broker.broker().server());
        }
        return new ClientQueueDepths(sessions, () -> registry.getObject().current().all().stream()
                .filter(a -> a.delivery().isPush()).map(Agency::code).toList());
    }

    /** Wraps the optional embedded broker so that remote mode still has a bean to depend on. */
    public record EmbeddedBrokerHolder(EmbeddedBroker broker) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
