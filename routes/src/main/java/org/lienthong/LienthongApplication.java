package org.lienthong;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The lienthong service bus: one node with embedded or remote Artemis, a database and the agency registry. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LienthongApplication {

    public static void main(String[] args) {
        SpringApplication.run(LienthongApplication.class, args);
    }
}
