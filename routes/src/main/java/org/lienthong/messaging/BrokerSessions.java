package org.lienthong.messaging;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;

/** Opens broker sessions of the kinds the bus uses, with the node's broker credentials. */
public final class BrokerSessions {

    private final ClientSessionFactory factory;
    private final String user;
    private final String password;

    public BrokerSessions(ClientSessionFactory factory, String user, String password) {
        this.factory = factory;
        this.user = user;
        this.password = password;
    }

    /** Sends are transactional: nothing is routed until commit, and commit waits for the journal. */
    public ClientSession transacted() throws ActiveMQException {
        return factory.createSession(user, password, false, false, false, false, 0);
    }

    /** Non-transacted; each acknowledgement is sent at once (no ack batching), sends block until durable. */
    public ClientSession autoCommit() throws ActiveMQException {
        return factory.createSession(user, password, false, true, true, false, 0);
    }
}
