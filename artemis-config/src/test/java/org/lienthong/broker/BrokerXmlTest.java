package org.lienthong.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the real broker.xml and proves the addresses and settings the flows rely on. */
class BrokerXmlTest {

    private static final String AGENCY_QUEUE = "lienthong.delivery.000.00.00.G22";

    @TempDir
    Path dataDir;

    @Test
    void journalIsPersistentSyncedAndUnderTheDataDir() throws Exception {
        FileConfiguration config = EmbeddedBroker.load(EmbeddedBroker.Options.inVm(dataDir));

        assertThat(config.isPersistenceEnabled()).isTrue();
        assertThat(config.isJournalSyncTransactional()).isTrue();
        assertThat(config.isJournalSyncNonTransactional()).isTrue();
        assertThat(config.isJournalDatasync()).isTrue();
        assertThat(config.getJournalLocation().toPath()).isEqualTo(dataDir.resolve("artemis/journal").toAbsolutePath());
        assertThat(config.getPagingLocation().toPath()).isEqualTo(dataDir.resolve("artemis/paging").toAbsolutePath());
        assertThat(config.getLargeMessagesLocation().toPath())
                .isEqualTo(dataDir.resolve("artemis/large-messages").toAbsolutePath());
        assertThat(config.isPersistIDCache()).isTrue();
        assertThat(config.getIDCacheSize()).isGreaterThanOrEqualTo(100_000);
        assertThat(config.getJournalType()).isIn(JournalType.ASYNCIO, JournalType.NIO);
    }

    @Test
    void tcpAcceptorOnlyWhenAskedAndOnLoopback() throws Exception {
        FileConfiguration inVm = EmbeddedBroker.load(EmbeddedBroker.Options.inVm(dataDir));
        assertThat(inVm.getAcceptorConfigurations()).extracting(a -> a.getName()).containsExactly("in-vm");

        int port = freePort();
        FileConfiguration withTcp = EmbeddedBroker.load(new EmbeddedBroker.Options(dataDir, null, port, null));
        assertThat(withTcp.getAcceptorConfigurations()).extracting(a -> a.getName()).contains("in-vm", "tcp");
        var tcp = withTcp.getAcceptorConfigurations().stream().filter(a -> a.getName().equals("tcp")).findFirst().orElseThrow();
        assertThat(tcp.getParams()).containsEntry("host", "127.0.0.1").containsEntry("port", String.valueOf(port));
        assertThat(System.getProperty("lienthong.broker.tcp-port")).isNull();
    }

    @Test
    void deliveryQueuesHaveDeadLetterPagingAndAutoCreate() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inVm(dataDir))) {
            AddressSettings settings = broker.server().getAddressSettingsRepository().getMatch(AGENCY_QUEUE);
            assertThat(settings.getDeadLetterAddress().toString()).isEqualTo("lienthong.dead-letter");
            assertThat(settings.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.PAGE);
            assertThat(settings.isAutoCreateQueues()).isTrue();
            assertThat(settings.isAutoDeleteQueues()).isFalse();
            assertThat(settings.getDefaultQueueRoutingType()).isEqualTo(RoutingType.ANYCAST);
            assertThat(settings.getMaxDeliveryAttempts()).isGreaterThan(10);

            AddressSettings dead = broker.server().getAddressSettingsRepository().getMatch("lienthong.dead-letter");
            assertThat(dead.getMaxDeliveryAttempts()).isEqualTo(-1);

            AddressInfo dlq = broker.server().getAddressInfo(SimpleString.of("lienthong.dead-letter"));
            assertThat(dlq).isNotNull();
            assertThat(broker.server().locateQueue("lienthong.dead-letter")).isNotNull();
            assertThat(broker.server().locateQueue("lienthong.dead-letter").isDurable()).isTrue();
        }
    }

    @Test
    void persistentMessageSurvivesBrokerRestartAndQueueIsCreatedOnFirstSend() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inVm(dataDir));
             Client client = new Client()) {
            client.send(AGENCY_QUEUE, "Công văn số 1", null);
            assertThat(broker.server().locateQueue(AGENCY_QUEUE)).isNotNull();
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inVm(dataDir));
             Client client = new Client()) {
            assertThat(client.receive(AGENCY_QUEUE)).isEqualTo("Công văn số 1");
        }
    }

    @Test
    void duplicateIdIsRejectedEvenAfterRestart() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inVm(dataDir));
             Client client = new Client()) {
            client.send(AGENCY_QUEUE, "first", "G22|msg-1|H41");
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inVm(dataDir));
             Client client = new Client()) {
            assertThatThrownBy(() -> client.send(AGENCY_QUEUE, "again", "G22|msg-1|H41"))
                    .isInstanceOf(ActiveMQException.class);
            assertThat(client.receive(AGENCY_QUEUE)).isEqualTo("first");
            assertThat(client.receiveNow(AGENCY_QUEUE)).isNull();
        }
    }

    @Test
    void poisonMessageEndsInTheDeadLetterQueue() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.inVm(dataDir));
             Client client = new Client()) {
            client.send(AGENCY_QUEUE, "poison", null);
            int maxAttempts = broker.server().getAddressSettingsRepository().getMatch(AGENCY_QUEUE).getMaxDeliveryAttempts();
            try (ClientSession session = client.factory.createSession(false, false, false)) {
                session.start();
                ClientConsumer consumer = session.createConsumer(AGENCY_QUEUE);
                for (int i = 0; i < maxAttempts; i++) {
                    ClientMessage m = consumer.receive(5_000);
                    assertThat(m).as("delivery %d", i + 1).isNotNull();
                    m.acknowledge();
                    session.rollback();
                }
                assertThat(consumer.receiveImmediate()).isNull();
            }
            ClientMessage dead = client.receiveMessage("lienthong.dead-letter");
            assertThat(dead.getReadOnlyBodyBuffer().readString()).isEqualTo("poison");
            assertThat(dead.getStringProperty(Message.HDR_ORIGINAL_ADDRESS)).isEqualTo(AGENCY_QUEUE);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A plain core client on the in-vm acceptor. */
    private static final class Client implements AutoCloseable {
        final ServerLocator locator;
        final ClientSessionFactory factory;

        Client() throws Exception {
            locator = ActiveMQClient.createServerLocator(EmbeddedBroker.IN_VM_URL);
            factory = locator.createSessionFactory();
        }

        void send(String address, String text, String duplicateId) throws Exception {
            try (ClientSession session = factory.createSession(false, false)) {
                ClientProducer producer = session.createProducer(address);
                ClientMessage message = session.createMessage(true);
                message.setRoutingType(RoutingType.ANYCAST);
                message.getBodyBuffer().writeString(text);
                if (duplicateId != null) {
                    message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, duplicateId);
                }
                producer.send(message);
                session.commit();
            }
        }

        String receive(String queue) throws Exception {
            ClientMessage message = receiveMessage(queue);
            return message == null ? null : message.getReadOnlyBodyBuffer().readString();
        }

        ClientMessage receiveMessage(String queue) throws Exception {
            try (ClientSession session = factory.createSession(false, true, true)) {
                session.start();
                ClientMessage m = session.createConsumer(queue).receive(5_000);
                if (m != null) {
                    m.acknowledge();
                    m.getBodyBuffer(); // read before the session closes
                }
                return m;
            }
        }

        String receiveNow(String queue) throws Exception {
            try (ClientSession session = factory.createSession(false, true, true)) {
                session.start();
                ClientMessage m = session.createConsumer(queue).receiveImmediate();
                return m == null ? null : m.getReadOnlyBodyBuffer().readString();
            }
        }

        @Override
        public void close() {
            factory.close();
            locator.close();
        }
    }
}
