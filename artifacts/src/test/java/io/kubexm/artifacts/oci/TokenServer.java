package io.kubexm.artifacts.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker token service for tests: checks Basic credentials and issues RS256 JWTs
 * (certificate in x5c) granting the requested scopes, as the registry's token auth expects.
 */
public final class TokenServer implements AutoCloseable {
    static final String SERVICE = "kubexm-test-registry";
    static final String ISSUER = "kubexm-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    final Path cert;
    final List<String> scopesAsked = new CopyOnWriteArrayList<>();

    private TokenServer(HttpServer server, Path cert) {
        this.server = server;
        this.cert = cert;
    }

    public static TokenServer start(Path dir, String user, String password) throws Exception {
        Files.createDirectories(dir);
        Path key = dir.resolve("token.key");
        Path cert = dir.resolve("token.crt");
        LocalRegistry.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=token-issuer", "-keyout", key.toString(), "-out", cert.toString()));
        PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(key)));
        X509Certificate x509;
        try (InputStream in = Files.newInputStream(cert)) {
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String x5c = Base64.getEncoder().encodeToString(x509.getEncoded());
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        TokenServer ts = new TokenServer(server, cert);
        server.createContext("/token", ex -> {
            try {
                if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                ObjectNode claims = JSON.createObjectNode();
                long now = Instant.now().getEpochSecond();
                claims.put("iss", ISSUER).put("sub", user).put("aud", SERVICE).put("iat", now).put("nbf", now - 10)
                        .put("exp", now + 300).put("jti", UUID.randomUUID().toString());
                ArrayNode access = claims.putArray("access");
                String query = ex.getRequestURI().getRawQuery();
                for (String param : query == null ? new String[0] : query.split("&")) {
                    if (param.startsWith("scope=")) {
                        String scope = URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8);
                        ts.scopesAsked.add(scope);
                        String[] parts = scope.split(":");
                        ArrayNode actions = access.addObject().put("type", parts[0]).put("name", parts[1]).putArray("actions");
                        for (String a : parts[2].split(",")) {
                            actions.add(a);
                        }
                    }
                }
                ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
                header.putArray("x5c").add(x5c);
                String signingInput = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
                Signature sig = Signature.getInstance("SHA256withRSA");
                sig.initSign(privateKey);
                sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                String token = signingInput + "." + b64(sig.sign());
                byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("token", token));
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } catch (Exception e) {
                ex.sendResponseHeaders(500, -1);
            } finally {
                ex.close();
            }
        });
        server.start();
        return ts;
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    private static byte[] pem(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
