package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.ObjectName;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The operator's console in a real browser (Debian's Chromium, headless): Hawtio loads and shows the bus's routes
 * through Jolokia with Spring Security's CSRF protection on, and a page on another site cannot make the operator's
 * browser run a Jolokia operation.
 *
 * <p>{@code .ci/run} installs Chromium and ChromeDriver and sets {@code LIENTHONG_BROWSER_TESTS=required}, so in CI
 * a missing browser fails the build; on a developer machine without them this class is skipped with a message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HawtioBrowserIT extends BusITSupport {

    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver");

    /** A harmless MBean whose operation counts its calls: what a forged request would try to run. */
    public interface ProbeMBean {
        int getTouched();

        int touch();
    }

    public static final class Probe implements ProbeMBean {
        private final AtomicInteger touched = new AtomicInteger();

        @Override
        public int getTouched() {
            return touched.get();
        }

        @Override
        public int touch() {
            return touched.incrementAndGet();
        }
    }

    private static final Probe PROBE = new Probe();
    private static final String PROBE_NAME = "org.lienthong.test:type=Probe";
    private static ChromeDriver browser;
    private static HttpServer otherSite;

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!present && "required".equals(System.getenv("LIENTHONG_BROWSER_TESTS"))) {
            throw new IllegalStateException("browser tests are required but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install -y chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "Chromium and ChromeDriver not installed: skipping the browser test "
                + "(apt-get install -y chromium chromium-driver; .ci/run does it)");
        ManagementFactory.getPlatformMBeanServer().registerMBean(PROBE, new ObjectName(PROBE_NAME));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // flags that keep Chromium off the network it cannot reach here, and able to run as root in a container
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (otherSite != null) {
            otherSite.stop(0);
        }
        var server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(new ObjectName(PROBE_NAME))) {
            server.unregisterMBean(new ObjectName(PROBE_NAME));
        }
    }

    private String console() {
        return "http://127.0.0.1:" + managementPort;
    }

    @Test
    @Order(1)
    void theConsoleShowsTheBusRoutesWithCsrfProtectionOn() {
        // the operator logs in once (what the browser's login dialog does); the browser keeps the credentials
        browser.get("http://ops:" + OPS_PASSWORD + "@127.0.0.1:" + managementPort + "/actuator/hawtio/hawtconfig.json");
        assertThat(browser.getPageSource()).contains("Hawtio");
        browser.get(console() + "/actuator/hawtio/camel/routes");
        // the route tree comes from Jolokia POSTs, each carrying the X-XSRF-TOKEN header Hawtio copies from the cookie
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(browser.findElement(By.tagName("body")).getText())
                        .contains("messages.ingress").contains("delivery.rest").contains("edoc.ingress"));
        assertThat(browser.manage().getCookieNamed("XSRF-TOKEN")).isNotNull();
        assertThat(browser.manage().getCookieNamed("XSRF-TOKEN").isHttpOnly()).isFalse();
        assertThat(browser.manage().getCookieNamed("XSRF-TOKEN").getSameSite()).isEqualTo("Strict");
    }

    @Test
    @Order(2)
    void fromTheConsoleAnOperationRunsOnlyWithTheToken() {
        openConsoleIfNeeded();
        int before = PROBE.getTouched();
        String run = """
                const done = arguments[arguments.length - 1];
                const token = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')).split('=')[1];
                const body = JSON.stringify({type: 'exec', mbean: '%s', operation: 'touch'});
                const headers = {'Content-Type': 'application/json'};
                if (arguments[0]) headers['X-XSRF-TOKEN'] = token;
                fetch('/actuator/jolokia', {method: 'POST', headers: headers, body: body, credentials: 'same-origin'})
                    .then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('error ' + e));
                """.formatted(PROBE_NAME);
        JavascriptExecutor js = browser;
        String withoutToken = (String) js.executeAsyncScript(run, false);
        assertThat(withoutToken).startsWith("403");
        assertThat(PROBE.getTouched()).isEqualTo(before);
        String withToken = (String) js.executeAsyncScript(run, true);
        assertThat(withToken).startsWith("200").contains("\"status\":200");
        assertThat(PROBE.getTouched()).isEqualTo(before + 1);
    }

    @Test
    @Order(3)
    void aPageOnAnotherSiteCannotMakeTheOperatorsBrowserRunAnOperation() throws Exception {
        openConsoleIfNeeded();
        int before = PROBE.getTouched();
        // the classic forgery: a text/plain form whose body is Jolokia JSON, posted with the operator's cached login
        String page = """
                <html><body>
                <form id="f" method="POST" enctype="text/plain" action="%s/actuator/jolokia">
                <input type="hidden" name='{"type":"exec","mbean":"%s","operation":"touch","pad":"' value='"}'>
                </form>
                <script>document.getElementById('f').submit();</script>
                </body></html>
                """.formatted(console(), PROBE_NAME);
        otherSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherSite.createContext("/", exchange -> {
            byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        otherSite.start();
        // "localhost" is another site than "127.0.0.1" for the browser
        browser.get("http://localhost:" + otherSite.getAddress().getPort() + "/offer.html");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> browser.getCurrentUrl().contains("/actuator/jolokia"));
        String answered = browser.findElement(By.tagName("body")).getText();
        assertThat(answered).doesNotContain("\"status\":200");
        assertThat(PROBE.getTouched()).isEqualTo(before);
        // the same body with the token is a valid request: the refusal above was the CSRF check, not the body
        String token = managementCsrfToken();
        var answer = send(java.net.http.HttpRequest.newBuilder(management("/actuator/jolokia"))
                .header("Authorization", operatorAuthorization())
                .header("Content-Type", "text/plain").header("Cookie", "XSRF-TOKEN=" + token)
                .header("X-XSRF-TOKEN", token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"exec\",\"mbean\":\"" + PROBE_NAME + "\",\"operation\":\"touch\",\"pad\":\"=\"}\r\n"))
                .build());
        assertThat(answer.body()).contains("\"status\":200");
        assertThat(PROBE.getTouched()).isEqualTo(before + 1);
    }

    private void openConsoleIfNeeded() {
        if (!browser.getCurrentUrl().startsWith(console() + "/actuator/hawtio")) {
            browser.get("http://ops:" + OPS_PASSWORD + "@127.0.0.1:" + managementPort
                    + "/actuator/hawtio/hawtconfig.json");
            browser.get(console() + "/actuator/hawtio/");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.manage().getCookieNamed("XSRF-TOKEN") != null);
    }
}
