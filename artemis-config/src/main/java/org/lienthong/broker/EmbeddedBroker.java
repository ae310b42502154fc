package org.lienthong.broker;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Objects;

import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManagerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an Artemis broker in this JVM from the project's one {@code broker.xml}.
 *
 * <p>The broker instance directory is the node's data dir, so the journal, bindings, paging and large
 * messages live under {@code <data-dir>/artemis}. The TCP acceptor of broker.xml is kept only when
 * {@link Options#tcpPort()} is set; otherwise the broker is reachable in-vm only.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** The classpath resource this module ships. */
    public static final String BROKER_XML = "broker.xml";
    /** The in-vm URL clients of the default embedded broker use. */
    public static final String IN_VM_URL = "vm://0";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final EmbeddedActiveMQ embedded;

    /**
     * Settings that differ per node.
     *
     * @param dataDir             the node's data dir; the broker writes under {@code dataDir/artemis}
     * @param tcpHost             host of the TCP acceptor (only used with a port)
     * @param tcpPort             TCP acceptor port, or {@code null} for in-vm only
     * @param journalBufferTimeoutNanos group-commit window override, or {@code null} for broker.xml's value
     */
    public record Options(Path dataDir, String tcpHost, Integer tcpPort, Long journalBufferTimeoutNanos,
                          int inVmId, String name) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            tcpHost = tcpHost == null || tcpHost.isBlank() ? "127.0.0.1" : tcpHost;
        }

        public Options(Path dataDir, String tcpHost, Integer tcpPort, Long journalBufferTimeoutNanos) {
            this(dataDir, tcpHost, tcpPort, journalBufferTimeoutNanos, 0, null);
        }

        public static Options inVm(Path dataDir) {
            return new Options(dataDir, null, null, null);
        }

        /** The URL of this broker's in-vm acceptor. */
        public String inVmUrl() {
            return "vm://" + inVmId;
        }
    }

    private EmbeddedBroker(EmbeddedActiveMQ embedded) {
        this.embedded = embedded;
    }

    /** Reads broker.xml, applies the node's options and starts the broker. */
    public static EmbeddedBroker start(Options options) throws Exception {
        FileConfiguration config = load(options);
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(config);
        embedded.setMbeanServer(ManagementFactory.getPlatformMBeanServer());
        ActiveMQSecurityManager securityManager = new ActiveMQSecurityManagerImpl();
        embedded.setSecurityManager(securityManager);
        embedded.start();
        log.info("Embedded Artemis started: journal {}, acceptors {}", config.getJournalLocation(),
                config.getAcceptorConfigurations().stream().map(a -> a.getName()).toList());
        return new EmbeddedBroker(embedded);
    }

    /** Parses broker.xml with the node's options applied, without starting anything. */
    public static FileConfiguration load(Options options) throws Exception {
        String previousPort = null;
        String previousHost = null;
        // broker.xml reads the acceptor address from system properties; set them only while parsing.
        if (options.tcpPort() != null) {
            previousPort = System.setProperty("lienthong.broker.tcp-port", Integer.toString(options.tcpPort()));
            previousHost = System.setProperty("lienthong.broker.tcp-host", options.tcpHost());
        }
        FileConfiguration config = new FileConfiguration();
        try {
            FileDeploymentManager deployment = new FileDeploymentManager(BROKER_XML);
            deployment.addDeployable(config);
            deployment.readConfiguration();
        } finally {
            if (options.tcpPort() != null) {
                restore("lienthong.broker.tcp-port", previousPort);
                restore("lienthong.broker.tcp-host", previousHost);
            }
        }
        config.setBrokerInstance(options.dataDir().toAbsolutePath().toFile());
        if (config.getConfigurationUrl() != null && !"file".equals(config.getConfigurationUrl().getProtocol())) {
            // broker.xml inside a jar cannot change at run time: no reload watcher for it
            config.setConfigurationUrl(null);
        }
        if (options.tcpPort() == null) {
            config.getAcceptorConfigurations().removeIf(acceptor -> "tcp".equals(acceptor.getName()));
        }
        if (options.inVmId() != 0) {
            // several brokers in one JVM (tests) each need their own in-vm id
            config.getAcceptorConfigurations().removeIf(acceptor -> "in-vm".equals(acceptor.getName()));
            config.addAcceptorConfiguration("in-vm", options.inVmUrl());
        }
        if (options.name() != null) {
            config.setName(options.name());
        }
        if (options.journalBufferTimeoutNanos() != null) {
            config.setJournalBufferTimeout_NIO(options.journalBufferTimeoutNanos().intValue());
            config.setJournalBufferTimeout_AIO(options.journalBufferTimeoutNanos().intValue());
        }
        return config;
    }

    private static void restore(String name, String previous) {
        if (previous == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, previous);
        }
    }

    /** The running server, for health checks and management. */
    public ActiveMQServer server() {
        return embedded.getActiveMQServer();
    }

    public boolean isActive() {
        ActiveMQServer server = embedded.getActiveMQServer();
        return server != null && server.isActive();
    }

    @Override
    public void close() throws Exception {
        embedded.stop();
    }
}
