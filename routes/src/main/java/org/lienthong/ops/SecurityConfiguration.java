package org.lienthong.ops;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.lienthong.web.OpsAccount;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;

/**
 * Spring Security guards the management side (Hawtio, Jolokia, actuator) with the operator account.
 * Health and Prometheus stay open to probes and scrapers on the management port. The public API does its
 * own authentication in the routes (agency API keys, operator Basic), so Spring Security is not installed on
 * the public port at all ({@link #publicPortWithoutSpringSecurity()}); its chain below only serves the
 * management port's non-endpoint paths.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain managementChain(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to("health", "prometheus", "info")).permitAll()
                        .anyRequest().hasRole("OPS"))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookies())
                        .csrfTokenRequestHandler(eagerCsrfToken()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED));
        return http.build();
    }

    /**
     * The browser keeps the operator's Basic credentials and would send them with a request another site
     * makes it send. So every state-changing request on the management port (Jolokia is POST-only, see
     * jolokia-access.xml) must carry the token from the {@code XSRF-TOKEN} cookie in an {@code X-XSRF-TOKEN}
     * header: Hawtio's console reads that cookie and sends the header on each Jolokia call; another site can
     * read neither. Scripts get the cookie from any management GET first (docs/operations.md).
     */
    private static CookieCsrfTokenRepository csrfCookies() {
        CookieCsrfTokenRepository cookies = CookieCsrfTokenRepository.withHttpOnlyFalse();
        cookies.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return cookies;
    }

    /**
     * The token is sent as the cookie holds it (no per-response masking: it never appears in a page body, so
     * BREACH does not apply), and it is loaded on every request, so the first page a console loads sets it.
     */
    private static CsrfTokenRequestAttributeHandler eagerCsrfToken() {
        CsrfTokenRequestAttributeHandler handler = new CsrfTokenRequestAttributeHandler();
        handler.setCsrfRequestAttributeName(null);
        return handler;
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .anonymous(anonymous -> anonymous.disable());
        return http.build();
    }

    /**
     * Takes Spring Security off the public port. On the API it only let requests through, yet under load it cost
     * about a seventh of the node's CPU: its filter chain, and the handler-mapping lookup it repeats for every
     * request and every async dispatch. The routes authenticate every API call themselves, and
     * {@link PublicHeadersFilter} sets the response headers the chain used to add.
     *
     * <p>Spring Boot registers the chain through one registration bean, which the management port's child context
     * borrows from this context. So the bean is replaced by one whose filter passes requests of the public port's
     * servlet context straight on and runs the chain for every other (the management port).
     */
    @Bean
    static BeanPostProcessor publicPortWithoutSpringSecurity() {
        return new PublicPortWithoutSpringSecurity();
    }

    static final class PublicPortWithoutSpringSecurity implements BeanPostProcessor, ApplicationContextAware {
        private WebApplicationContext main;

        @Override
        public void setApplicationContext(ApplicationContext context) {
            this.main = (WebApplicationContext) context;
        }

        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof DelegatingFilterProxyRegistrationBean original
                    && "securityFilterChainRegistration".equals(beanName)) {
                return new ManagementOnlyRegistration(original, main);
            }
            return bean;
        }
    }

    static final class ManagementOnlyRegistration extends DelegatingFilterProxyRegistrationBean {
        private final WebApplicationContext main;

        ManagementOnlyRegistration(DelegatingFilterProxyRegistrationBean original, WebApplicationContext main) {
            super(AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME);
            this.main = main;
            setApplicationContext(main);
            setBeanName("securityFilterChainRegistration");
            setOrder(original.getOrder());
            setDispatcherTypes(original.determineDispatcherTypes());
            setUrlPatterns(original.getUrlPatterns());
            setEnabled(original.isEnabled());
        }

        @Override
        public DelegatingFilterProxy getFilter() {
            return new DelegatingFilterProxy(AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME, main) {
                @Override
                public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                        throws ServletException, IOException {
                    if (request.getServletContext() == main.getServletContext()) {
                        chain.doFilter(request, response); // the public port
                    } else {
                        super.doFilter(request, response, chain);
                    }
                }
            };
        }
    }

    @Bean
    FilterRegistrationBean<PublicHeadersFilter> publicHeaders() {
        FilterRegistrationBean<PublicHeadersFilter> registration = new FilterRegistrationBean<>(new PublicHeadersFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    AuthenticationProvider opsAuthenticationProvider(OpsAccount ops) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String user = authentication.getName();
                Object credentials = authentication.getCredentials();
                if (credentials != null && ops.matches(user, credentials.toString())) {
                    return UsernamePasswordAuthenticationToken.authenticated(user, null,
                            List.of(new SimpleGrantedAuthority("ROLE_OPS")));
                }
                throw new BadCredentialsException("Bad credentials");
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }
}
