package org.lienthong.ops;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The response headers of the public port: no content sniffing, no framing, no caching of answers that may
 * carry an agency's messages. (Spring Security's chain used to add them; it no longer runs on this port.)
 * Set before the request is handled, so every answer has them, errors included.
 */
public final class PublicHeadersFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("X-Frame-Options", "DENY");
            http.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
