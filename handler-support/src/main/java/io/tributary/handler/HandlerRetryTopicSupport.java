package io.tributary.handler;

import java.time.Clock;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.DestinationTopicResolver;
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
        return factory -> configure(factory, schedule());
    }

    /**
     * Tributary's headers on every record a recoverer of the factory forwards, and its partition chosen by its
     * key: retry and dead-letter topics need not have as many partitions as the topic the record came from, and one
     * record key still stays in one partition.
     */
    static void configure(DeadLetterPublishingRecovererFactory factory, RetrySchedule schedule) {
        factory.setHeadersFunction(new RetryHeaders(schedule, Clock.systemUTC()));
        factory.setPartitionResolver((record, topic) -> null);
    }

    /**
     * The recoverer the retry-topic machinery uses for a listener's records: forwards a failed record to its next
     * retry topic (due per the schedule and {@link RetryHeaders}) or to the dead-letter topic, exactly as a
     * failure thrown by the listener would. For handlers that complete deliveries off the consumer thread. Its
     * {@code accept(record, null, exception)} may be called from any thread; it blocks until the broker
     * acknowledged the forward and throws when it did not.
     */
    public static DeadLetterPublishingRecoverer recoverer(DestinationTopicResolver resolver, RetrySchedule schedule,
            String mainListenerId) {
        DeadLetterPublishingRecovererFactory factory = new DeadLetterPublishingRecovererFactory(resolver);
        configure(factory, schedule);
        return factory.create(mainListenerId);
    }
}
