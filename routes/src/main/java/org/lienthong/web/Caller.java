package org.lienthong.web;

import org.lienthong.registry.Agency;

/** Who made a request, once authenticated. */
public sealed interface Caller {

    /** An agency's system, authenticated by its API key (or client certificate). */
    record AgencyCaller(Agency agency) implements Caller {
    }

    /** An operator, authenticated with the operator account. */
    record Operator(String username) implements Caller {
    }

    /** Exchange property under which routes find the caller. */
    String PROPERTY = "lienthong.caller";
}
