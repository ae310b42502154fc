package org.lienthong.agencies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.lienthong.model.MessageType;
import org.lienthong.registry.Agency;
import org.lienthong.registry.RegistryService;
import org.lienthong.registry.Role;
import org.lienthong.web.ApiErrorHandling;
import org.lienthong.web.CallerAuthenticator;
import org.lienthong.web.HttpResponses;

/** {@code GET /api/v1/agencies}: the registry as callers may see it (no keys, no endpoints). */
public final class AgenciesRoutes extends RouteBuilder {

    private final CallerAuthenticator authenticator;
    private final RegistryService registry;
    private final HttpResponses responses;

    public AgenciesRoutes(CallerAuthenticator authenticator, RegistryService registry, HttpResponses responses) {
        this.authenticator = authenticator;
        this.registry = registry;
        this.responses = responses;
    }

    @Override
    public void configure() {
        from("direct:agencies.list").routeId("agencies.list").routeConfigurationId(ApiErrorHandling.ID)
                .process(authenticator::authenticate).process(this::list).id("agencies.list.read");
    }

    private void list(Exchange exchange) {
        List<Map<String, Object>> agencies = new ArrayList<>();
        for (Agency agency : registry.current().all()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("code", agency.code());
            entry.put("name", agency.name());
            entry.put("roles", agency.roles().stream().map(Role::wireName).sorted().toList());
            entry.put("accepts", agency.accepts().stream().map(MessageType::wireName).sorted().toList());
            entry.put("connector", agency.delivery().connector());
            agencies.add(entry);
        }
        responses.json(exchange, 200, agencies);
    }
}
