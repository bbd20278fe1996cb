package io.tributary.sync;

import io.tributary.handler.DeliveryFailure;
import io.tributary.model.Delivery;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes the bound handler topics ({@code tributary.handler.sync} by default) and their retry topics. Records of
 * one partition are processed one at a time, so the changes of one record (one key) are applied in order; an
 * offset is committed once the sync succeeded or the record is on its retry or dead-letter topic.
 */
public class SyncListener {

    private final Syncer syncer;

    public SyncListener(Syncer syncer) {
        this.syncer = syncer;
    }

    @KafkaListener(id = "sync", topics = "#{@syncTopics}", groupId = "#{@syncGroupId}",
            concurrency = "#{@syncConcurrency}")
    public void onDelivery(ConsumerRecord<String, Delivery> record) {
        if (record.value() == null) {
            // A tombstone is no delivery: dead-lettered at once like any record that cannot be read, not retried.
            throw new DeliveryFailure.Permanent(0, "not a delivery: the record has no value", null,
                    io.tributary.model.DeadLetterHeaders.ReasonCode.UNDECODABLE);
        }
        syncer.sync(record.value());
    }
}
