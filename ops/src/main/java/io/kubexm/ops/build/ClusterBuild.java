package io.kubexm.ops.build;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.Host;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import io.kubexm.ops.build.CertPlan.CaId;
import io.kubexm.pki.CaFiles;
import io.kubexm.pki.KeyAndCert;
import io.kubexm.pki.KeyPairFiles;
import io.kubexm.pki.Pem;
import io.kubexm.pki.Pki;
import io.kubexm.templates.TemplateRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * `kubexm build`: every certificate, key, kubeconfig and configuration file of every node under
 * `build/NAME/<node>/<absolute path>`, without touching a host. CA and service-account keys stay
 * in `build/NAME/pki/` (0600) and never go to a node. A second build changes nothing.
 */
public final class ClusterBuild {
    private final Clock clock;

    public ClusterBuild(Clock clock) {
        this.clock = clock;
    }

    /** What a build did: per node summary, and how many certificates were issued or kept. */
    public record Result(Path clusterDir, List<NodeSummary> nodes, int issued, int reused) {
    }

    /**
     * @param confDir the cluster's config directory; templates under {@code confDir/templates/}
     *     override the built-in ones by relative path
     * @param clusterDir where this cluster's files go: `build/NAME`, NAME as the user named the cluster
     */
    public Result run(ClusterConfig config, Path confDir, Path clusterDir) {
        Topology topology = Topology.of(config);
        Pki pki = new Pki(clock);
        ClusterPki layout = new ClusterPki(topology);
        Path pkiDir = privateDirectory(clusterDir.resolve("pki"));
        Map<CaId, KeyAndCert> cas = new EnumMap<>(CaId.class);
        caFiles(topology, pkiDir).forEach((id, files) -> cas.put(id, files.loadOrCreate(pki, caName(id),
                topology.spec().kubernetes().certificates().caValidityDays(), layout.algorithm())));
        KeyPair serviceAccount = serviceAccountFiles(pkiDir).loadOrCreate(layout.algorithm());

        BuildTree tree = new BuildTree(clusterDir);
        Contents contents = contents(topology, confDir, tree, pki, layout, cas, serviceAccount);
        List<NodeSummary> summary = tree.write(config.name(), contents.files());
        return new Result(clusterDir, summary, contents.issued(), contents.reused());
    }

    /**
     * Whether {@link #run} would change nothing, decided without writing a byte (a dry run asks
     * this): every CA and key exists and is current, no certificate needs issuing, and every
     * node file, the manifest included, already holds the bytes and mode the build would write.
     */
    public boolean upToDate(ClusterConfig config, Path confDir, Path clusterDir) {
        Topology topology = Topology.of(config);
        Pki pki = new Pki(clock);
        ClusterPki layout = new ClusterPki(topology);
        Path pkiDir = clusterDir.resolve("pki");
        int days = topology.spec().kubernetes().certificates().caValidityDays();
        Map<CaId, KeyAndCert> cas = new EnumMap<>(CaId.class);
        for (Map.Entry<CaId, CaFiles> e : caFiles(topology, pkiDir).entrySet()) {
            CaFiles files = e.getValue();
            if (!Files.exists(files.certFile()) || !Files.exists(files.keyFile())) {
                return false;
            }
            KeyAndCert ca = files.load();
            if (!pki.current(ca.cert(), days, Instant.MAX)) {
                return false;
            }
            cas.put(e.getKey(), ca);
        }
        KeyPairFiles sa = serviceAccountFiles(pkiDir);
        if (!Files.exists(sa.keyFile()) || !Files.exists(sa.publicFile())) {
            return false;
        }
        BuildTree tree = new BuildTree(clusterDir);
        Contents contents = contents(topology, confDir, tree, pki, layout, cas, sa.loadOrCreate(layout.algorithm()));
        return contents.issued() == 0 && tree.upToDate(config.name(), contents.files());
    }

    /** Every node file of a build, and how many certificates it issued anew or kept. */
    private record Contents(List<NodeFile> files, int issued, int reused) {
    }

    private static Contents contents(Topology topology, Path confDir, BuildTree tree, Pki pki, ClusterPki layout,
            Map<CaId, KeyAndCert> cas, KeyPair serviceAccount) {
        CertIssuer issuer = new CertIssuer(pki, tree, cas, topology.spec().kubernetes().clusterName());
        List<CertIssuer.Issued> issued = issuer.issueAll(layout.plans());
        // Kubeconfigs are YAML to write for every node: spread that over the cores as well.
        List<NodeFile> files = new ArrayList<>(issued.parallelStream().flatMap(i -> issuer.files(i).stream()).toList());
        files.addAll(trustFiles(topology, layout, cas, serviceAccount));
        Path overrides = confDir.resolve("templates");
        TemplateRenderer renderer = new TemplateRenderer(Files.isDirectory(overrides) ? Optional.of(overrides) : Optional.empty());
        files.addAll(new NodeConfigs(topology, renderer).files());
        int reused = (int) issued.stream().filter(CertIssuer.Issued::reused).count();
        return new Contents(files, issued.size() - reused, reused);
    }

    private static Map<CaId, CaFiles> caFiles(Topology topology, Path pkiDir) {
        Map<CaId, CaFiles> files = new EnumMap<>(CaId.class);
        files.put(CaId.KUBERNETES, new CaFiles(pkiDir.resolve("ca.crt"), pkiDir.resolve("ca.key")));
        files.put(CaId.FRONT_PROXY, new CaFiles(pkiDir.resolve("front-proxy-ca.crt"), pkiDir.resolve("front-proxy-ca.key")));
        if (!topology.etcdExternal()) {
            files.put(CaId.ETCD, new CaFiles(pkiDir.resolve("etcd/ca.pem"), pkiDir.resolve("etcd/ca-key.pem")));
        }
        return files;
    }

    private static String caName(CaId id) {
        return switch (id) {
            case KUBERNETES -> "kubernetes";
            case FRONT_PROXY -> "front-proxy-ca";
            case ETCD -> "etcd-ca";
        };
    }

    private static KeyPairFiles serviceAccountFiles(Path pkiDir) {
        return new KeyPairFiles(pkiDir.resolve("sa.key"), pkiDir.resolve("sa.pub"));
    }

    /** The cluster's secrets directory: 0700, so nobody else can even list the key files. */
    private static Path privateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** CA certificates where they are trusted, and the service-account pair on the masters. */
    private static List<NodeFile> trustFiles(Topology topology, ClusterPki layout, Map<CaId, KeyAndCert> cas,
            KeyPair serviceAccount) {
        List<NodeFile> files = new ArrayList<>();
        String k8sCa = cas.get(CaId.KUBERNETES).certPem();
        for (Host n : topology.kubernetesNodes()) {
            files.add(NodeFile.of(n.name(), ClusterPki.K8S_PKI + "/ca.crt", NodeFile.PUBLIC, k8sCa));
        }
        for (Host m : topology.hosts(Role.MASTER)) {
            files.add(NodeFile.of(m.name(), ClusterPki.K8S_PKI + "/front-proxy-ca.crt", NodeFile.PUBLIC,
                    cas.get(CaId.FRONT_PROXY).certPem()));
            files.add(NodeFile.of(m.name(), ClusterPki.K8S_PKI + "/sa.key", NodeFile.SECRET,
                    Pem.encode(serviceAccount.getPrivate())));
            files.add(NodeFile.of(m.name(), ClusterPki.K8S_PKI + "/sa.pub", NodeFile.PUBLIC,
                    Pem.encode(serviceAccount.getPublic())));
        }
        if (cas.containsKey(CaId.ETCD)) {
            String etcdCa = cas.get(CaId.ETCD).certPem();
            topology.hosts().stream()
                    .filter(h -> topology.has(h, Role.ETCD) || topology.has(h, Role.MASTER))
                    .forEach(h -> files.add(NodeFile.of(h.name(), layout.etcdCaPath(), NodeFile.PUBLIC, etcdCa)));
        }
        return files;
    }
}
