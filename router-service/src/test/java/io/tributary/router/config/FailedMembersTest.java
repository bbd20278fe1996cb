package io.tributary.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailedMembersTest {

    @Test
    void shouldNameTheStaticMemberOfAStreamThreadByItsIndex() {
        assertThat(FailedMembers.memberId("router-4f1c", "router-0a9e-StreamThread-1")).isEqualTo("router-4f1c-1");
        assertThat(FailedMembers.memberId("router-4f1c", "router-0a9e-StreamThread-12")).isEqualTo("router-4f1c-12");
        assertThat(FailedMembers.memberId("router-4f1c", "router-0a9e-GlobalStreamThread")).isNull();
        assertThat(FailedMembers.memberId("router-4f1c", "main")).isNull();
    }
}
