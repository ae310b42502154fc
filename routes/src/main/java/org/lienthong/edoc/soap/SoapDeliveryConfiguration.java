package org.lienthong.edoc.soap;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.lienthong.connector.soap.SoapConnector;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code soap} delivery connector as a bean ({@code soapConnector}), for the delivery routes to use beside
 * {@code rest}, {@code file} and {@code mailbox}. Settings: {@link SoapDeliveryProperties}
 * ({@code lienthong.delivery.soap.*}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SoapDeliveryProperties.class)
public class SoapDeliveryConfiguration {

    @Bean(destroyMethod = "close")
    SoapConnector soapConnector(SoapDeliveryProperties properties) {
        // Not a bean of its own: an Executor bean would switch off Spring Boot's task executor.
        int threads = Math.max(1, properties.threads());
        ThreadPoolExecutor calls = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(Math.max(1, properties.queueCapacity())), runnable -> {
                    Thread thread = new Thread(runnable, "delivery-soap");
                    thread.setDaemon(true);
                    return thread;
                });
        calls.allowCoreThreadTimeOut(true);
        return new SoapConnector(new SoapConnector.Settings(properties.connectTimeout(), properties.receiveTimeout(),
                properties.minTransferRate().toBytes(), properties.maxClients()), calls);
    }
}
