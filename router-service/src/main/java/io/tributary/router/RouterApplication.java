package io.tributary.router;

import io.tributary.model.http.ApiExceptionHandler;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Entry point of the Tributary router-service; every API refusal is answered by {@link ApiExceptionHandler}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ApiExceptionHandler.class)
public class RouterApplication {

    public static void main(String[] args) {
        SpringApplication.run(RouterApplication.class, args);
    }
}
