package io.tributary.webhook.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses webhook targets inside the network Tributary runs in: loopback, private, unique-local, link-local
 * (which holds the cloud metadata address 169.254.169.254), carrier-grade NAT, multicast, unspecified and
 * broadcast addresses. Checked on the resolved address, at connect time, so a public-looking host name that
 * resolves to an internal address is refused too. An explicit allowlist of CIDR ranges (for tests and the local
 * dev stack) lets such addresses through. Immutable and thread-safe.
 */
public final class SsrfGuard {

    private static final List<Cidr> BLOCKED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
            Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.0.0.0/24"), Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"),
            Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"),
            Cidr.parse("ff00::/8"), Cidr.parse("64:ff9b::/96"), Cidr.parse("2002::/16"));

    private final List<Cidr> allowed;

    /** @param allowedCidrs ranges let through despite the rules, such as {@code 127.0.0.0/8} for a dev stack */
    public SsrfGuard(List<String> allowedCidrs) {
        List<Cidr> parsed = new ArrayList<>();
        for (String cidr : allowedCidrs) {
            parsed.add(Cidr.parse(cidr));
        }
        this.allowed = List.copyOf(parsed);
    }

    /** Why a connection to this address is refused, or {@code null} when it is allowed. */
    public String refusal(InetAddress address) {
        for (Cidr cidr : allowed) {
            if (cidr.contains(address)) {
                return null;
            }
        }
        InetAddress effective = embeddedIpv4(address);
        for (Cidr cidr : BLOCKED) {
            if (cidr.contains(effective) || cidr.contains(address)) {
                return address.getHostAddress() + " is an internal address (" + cidr + ")";
            }
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address, else the address itself. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && ((bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) || (bytes[10] == 0 && bytes[11] == 0))) {
                try {
                    return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    /** An address range. */
    record Cidr(byte[] network, int prefix, String text) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                InetAddress address = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash));
                int bits = address.getAddress().length * 8;
                int prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("bad prefix length in " + text);
                }
                return new Cidr(address.getAddress(), prefix, text);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR range: " + text, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
