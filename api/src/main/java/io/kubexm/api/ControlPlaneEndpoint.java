package io.kubexm.api;

/**
 * How every node reaches the API servers: {@code https://domain:port}, where {@code domain}
 * ({@code loadbalancer.domain}) resolves, through the managed /etc/hosts block, to
 * {@link Topology#apiServerAddressFor(Host)}. {@code address} is what it resolves to on a node
 * that is not a master: the VIP, 127.0.0.1 (internal proxy) or the first master.
 */
public record ControlPlaneEndpoint(String domain, String address, int port) {

    public String url() {
        return "https://" + domain + ":" + port;
    }
}
