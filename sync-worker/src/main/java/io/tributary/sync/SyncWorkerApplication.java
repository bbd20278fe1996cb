package io.tributary.sync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the Tributary sync-worker. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SyncWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SyncWorkerApplication.class, args);
    }
}
