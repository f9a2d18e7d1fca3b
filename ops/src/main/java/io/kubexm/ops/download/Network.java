package io.kubexm.ops.download;

import io.kubexm.artifacts.Mirror;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether the network allows a download: one HEAD request to the first source. Any HTTP answer (a 404
 * included, which the download then names) means it does; a name that does not resolve, a refused or timed out
 * connection means it does not.
 */
final class Network {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private Network() {
    }

    /** Why {@code url} cannot be reached; empty when it answers. */
    static Optional<String> unreachable(String url, Mirror mirror) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(CONNECT_TIMEOUT.multipliedBy(2));
        mirror.authorization(url).ifPresent(a -> request.header("Authorization", a));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build()) {
            client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return Optional.empty();
        } catch (HttpConnectTimeoutException e) {
            return Optional.of("cannot connect to " + origin(url) + " within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            return Optional.of(origin(url) + " did not answer within " + CONNECT_TIMEOUT.multipliedBy(2).toSeconds() + " s");
        } catch (IOException e) {
            if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
                return Optional.of("the name " + URI.create(url).getHost() + " does not resolve");
            }
            if (causedBy(e, ConnectException.class)) {
                return Optional.of("cannot connect to " + origin(url) + " (refused, or no route to it)");
            }
            // reset, TLS refused: the network does not carry the download either
            return Optional.of("cannot connect to " + origin(url) + " (" + reason(e) + ")");
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return Mirror.redact(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }
}
