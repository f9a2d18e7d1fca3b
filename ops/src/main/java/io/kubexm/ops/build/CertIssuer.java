package io.kubexm.ops.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubexm.pki.KeyAndCert;
import io.kubexm.pki.Kubeconfig;
import io.kubexm.pki.Pem;
import io.kubexm.pki.Pki;
import io.kubexm.util.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns certificate plans into node files. A certificate already in the build tree that still
 * fits its plan is kept byte for byte; the others are issued on every core, since RSA key
 * generation dominates a build.
 */
public final class CertIssuer {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Pki pki;
    private final BuildTree tree;
    private final Map<CertPlan.CaId, KeyAndCert> cas;
    private final Map<CertPlan.CaId, String> caPems;
    private final String clusterName;

    public CertIssuer(Pki pki, BuildTree tree, Map<CertPlan.CaId, KeyAndCert> cas, String clusterName) {
        this.pki = pki;
        this.tree = tree;
        this.cas = Map.copyOf(cas);
        Map<CertPlan.CaId, String> pems = new EnumMap<>(CertPlan.CaId.class);
        cas.forEach((id, ca) -> pems.put(id, ca.certPem()));
        this.caPems = Map.copyOf(pems);
        this.clusterName = clusterName;
    }

    /** A certificate ready to be copied: the PEM text exactly as it will be written. */
    public record Issued(CertPlan plan, String certPem, String keyPem, boolean reused) {
        @Override
        public String toString() {
            return "Issued[" + plan.id() + ", reused=" + reused + ", key=****]";
        }
    }

    public List<Issued> issueAll(List<CertPlan> plans) {
        int threads = Runtime.getRuntime().availableProcessors();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Issued>> futures = new ArrayList<>();
            for (CertPlan plan : plans) {
                futures.add(pool.submit(() -> issue(plan)));
            }
            List<Issued> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("certificate " + plans.get(i).id() + ": "
                            + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while issuing certificates", e);
                }
            }
            return out;
        }
    }

    public List<NodeFile> files(Issued issued) {
        List<NodeFile> out = new ArrayList<>();
        for (Placement p : issued.plan().placements()) {
            switch (p) {
                case Placement.PemPair pair -> {
                    out.add(NodeFile.of(pair.node(), pair.certPath(), NodeFile.PUBLIC, issued.certPem()));
                    out.add(NodeFile.of(pair.node(), pair.keyPath(), NodeFile.SECRET, issued.keyPem()));
                }
                case Placement.InKubeconfig kc -> out.add(NodeFile.of(kc.node(), kc.path(), NodeFile.SECRET,
                        new Kubeconfig(clusterName, kc.server(), caPems.get(issued.plan().ca()),
                                issued.plan().request().commonName(), issued.certPem(), Secret.of(issued.keyPem()))
                                .toYaml()));
            }
        }
        return out;
    }

    private Issued issue(CertPlan plan) {
        KeyAndCert ca = cas.get(plan.ca());
        for (Placement p : plan.placements()) {
            try {
                Optional<Pems> existing = read(p);
                if (existing.isPresent()) {
                    Pems pems = existing.get();
                    KeyAndCert kc = new KeyAndCert(Pem.readCert(pems.cert()), Pem.readKey(pems.key()));
                    if (pki.satisfies(kc, ca, plan.request())) {
                        return new Issued(plan, pems.cert(), pems.key(), true);
                    }
                }
            } catch (IllegalArgumentException | JsonProcessingException unreadable) {
                // A damaged copy is replaced like an outdated one.
            }
        }
        KeyAndCert fresh = pki.issue(ca, plan.request());
        return new Issued(plan, fresh.certPem(), fresh.keyPem(), false);
    }

    private record Pems(String cert, String key) {
    }

    /** The certificate and key PEM of an existing copy, if the build tree has one. */
    private Optional<Pems> read(Placement p) throws JsonProcessingException {
        try {
            return switch (p) {
                case Placement.PemPair pair -> {
                    Path cert = tree.location(pair.node(), pair.certPath());
                    Path key = tree.location(pair.node(), pair.keyPath());
                    yield Files.exists(cert) && Files.exists(key)
                            ? Optional.of(new Pems(Files.readString(cert), Files.readString(key)))
                            : Optional.empty();
                }
                case Placement.InKubeconfig kc -> {
                    Path file = tree.location(kc.node(), kc.path());
                    if (!Files.exists(file)) {
                        yield Optional.empty();
                    }
                    JsonNode user = YAML.readTree(file.toFile()).path("users").path(0).path("user");
                    yield Optional.of(new Pems(decode(user.path("client-certificate-data").asText()),
                            decode(user.path("client-key-data").asText())));
                }
            };
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
