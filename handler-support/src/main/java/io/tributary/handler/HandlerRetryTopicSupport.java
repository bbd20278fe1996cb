package io.tributary.handler;

import java.time.Clock;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * spring-kafka's retry-topic machinery as Tributary's handlers configure it: Tributary's headers on every record
 * forwarded to a retry topic or the dead-letter topic ({@link RetryHeaders}: the last status, {@code Retry-After}),
 * and a scheduler that resumes partitions paused until a retry is due. A handler service extends it in a
 * {@code @Configuration} class and names its schedule.
 */
public abstract class HandlerRetryTopicSupport extends RetryTopicConfigurationSupport {

    /** The service's retry schedule. */
    protected abstract RetrySchedule schedule();

    /** Resumes partitions paused until a retry is due. */
    @Bean
    RetryTopicSchedulerWrapper retryTopicScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("handler-retry-");
        scheduler.initialize();
        return new RetryTopicSchedulerWrapper(scheduler);
    }

    @Override
    protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
        return factory -> factory.setHeadersFunction(new RetryHeaders(schedule(), Clock.systemUTC()));
    }
}
