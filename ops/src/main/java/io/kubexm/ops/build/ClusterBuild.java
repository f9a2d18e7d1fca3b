package io.kubexm.ops.build;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.Host;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import io.kubexm.ops.build.CertPlan.CaId;
import io.kubexm.pki.CaFiles;
import io.kubexm.api.KeyAlgorithm;
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
        BuildTree tree = new BuildTree(clusterDir);
        Pki pki = new Pki(clock);
        ClusterPki layout = new ClusterPki(topology);
        Path pkiDir = privateDirectory(clusterDir.resolve("pki"));

        Map<CaId, KeyAndCert> cas = cas(topology, pki, pkiDir, layout.algorithm());
        KeyPair serviceAccount = new KeyPairFiles(pkiDir.resolve("sa.key"), pkiDir.resolve("sa.pub"))
                .loadOrCreate(layout.algorithm());

        CertIssuer issuer = new CertIssuer(pki, tree, cas, topology.spec().kubernetes().clusterName());
        List<CertIssuer.Issued> issued = issuer.issueAll(layout.plans());
        // Kubeconfigs are YAML to write for every node: spread that over the cores as well.
        List<NodeFile> files = new ArrayList<>(issued.parallelStream().flatMap(i -> issuer.files(i).stream()).toList());
        files.addAll(trustFiles(topology, cas, serviceAccount));
        Path overrides = confDir.resolve("templates");
        TemplateRenderer renderer = new TemplateRenderer(Files.isDirectory(overrides) ? Optional.of(overrides) : Optional.empty());
        files.addAll(new NodeConfigs(topology, renderer).files());

        List<NodeSummary> summary = tree.write(config.name(), files);
        int reused = (int) issued.stream().filter(CertIssuer.Issued::reused).count();
        return new Result(clusterDir, summary, issued.size() - reused, reused);
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

    private static Map<CaId, KeyAndCert> cas(Topology topology, Pki pki, Path pkiDir, KeyAlgorithm algorithm) {
        int days = topology.spec().kubernetes().certificates().caValidityDays();
        Map<CaId, KeyAndCert> cas = new EnumMap<>(CaId.class);
        cas.put(CaId.KUBERNETES, new CaFiles(pkiDir.resolve("ca.crt"), pkiDir.resolve("ca.key"))
                .loadOrCreate(pki, "kubernetes", days, algorithm));
        cas.put(CaId.FRONT_PROXY, new CaFiles(pkiDir.resolve("front-proxy-ca.crt"), pkiDir.resolve("front-proxy-ca.key"))
                .loadOrCreate(pki, "front-proxy-ca", days, algorithm));
        if (!topology.etcdExternal()) {
            cas.put(CaId.ETCD, new CaFiles(pkiDir.resolve("etcd/ca.pem"), pkiDir.resolve("etcd/ca-key.pem"))
                    .loadOrCreate(pki, "etcd-ca", days, algorithm));
        }
        return cas;
    }

    /** CA certificates where they are trusted, and the service-account pair on the masters. */
    private static List<NodeFile> trustFiles(Topology topology, Map<CaId, KeyAndCert> cas, KeyPair serviceAccount) {
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
                    .forEach(h -> files.add(NodeFile.of(h.name(), ClusterPki.ETCD_SSL + "/ca.pem", NodeFile.PUBLIC, etcdCa)));
        }
        return files;
    }
}
