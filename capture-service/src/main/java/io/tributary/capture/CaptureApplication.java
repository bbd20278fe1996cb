package io.tributary.capture;

import io.tributary.model.http.ApiExceptionHandler;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Entry point of the Tributary capture-service; every API refusal is answered by {@link ApiExceptionHandler}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ApiExceptionHandler.class)
public class CaptureApplication {

    public static void main(String[] args) {
        SpringApplication.run(CaptureApplication.class, args);
    }
}
