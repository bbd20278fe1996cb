package io.tributary.webhook.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {

    private final SsrfGuard guard = new SsrfGuard(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "::", "224.0.0.1", "255.255.255.255", "fd00:ec2::254",
        "fe80::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "ff02::1"})
    void shouldRefuseInternalAddresses(String address) throws Exception {
        assertThat(guard.refusal(InetAddress.getByName(address))).contains("is an internal address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1", "100.128.0.1"})
    void shouldAllowPublicAddresses(String address) throws Exception {
        assertThat(guard.refusal(InetAddress.getByName(address))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.53"})
    void shouldLetAnAllowlistedRangeThrough(String address) throws Exception {
        SsrfGuard dev = new SsrfGuard(List.of("127.0.0.0/8"));
        assertThat(dev.refusal(InetAddress.getByName(address))).isNull();
        assertThat(dev.refusal(InetAddress.getByName("10.0.0.1"))).isNotNull();
        assertThat(dev.refusal(InetAddress.getByName("::1"))).isNotNull();
    }
}
