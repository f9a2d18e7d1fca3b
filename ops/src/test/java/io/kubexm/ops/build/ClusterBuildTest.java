package io.kubexm.ops.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `kubexm build` output judged by openssl, kubectl and systemd-analyze. */
class ClusterBuildTest {
    private static final String C = "c1";

    @TempDir
    Path project;

    private BuildFixture fixture() {
        return new BuildFixture(project);
    }

    @Test
    void opensslVerifiesEveryLeafWithTheSubjectSansUsagesAndValidityOfItsRole() {
        BuildFixture f = fixture();
        f.build(C, TestClusters.threeMasters(C, ""));
        Path pki = f.clusterDir(C).resolve("pki");
        Manifest manifest = Manifest.read(f.clusterDir(C).resolve("manifest.json")).orElseThrow();

        int verified = 0;
        for (var node : manifest.nodes().entrySet()) {
            for (Manifest.Entry e : node.getValue()) {
                if (!isLeafCert(e.path())) {
                    continue;
                }
                Path ca = pki.resolve(caOf(e.path()));
                Path cert = f.file(C, node.getKey(), e.path());
                assertThat(Tools.run("openssl", "verify", "-CAfile", ca.toString(), cert.toString()))
                        .as(node.getKey() + ":" + e.path()).contains(": OK");
                Path key = f.file(C, node.getKey(), keyOf(e.path()));
                assertThat(Tools.run("openssl", "pkey", "-in", key.toString(), "-pubout"))
                        .isEqualTo(Tools.run("openssl", "x509", "-noout", "-pubkey", "-in", cert.toString()));
                verified++;
            }
        }
        // 3 x (member, admin, node) + 3 x 4 kubeadm pairs + 5 kubelet serving certificates.
        assertThat(verified).isEqualTo(9 + 12 + 5);

        Path apiserver = f.file(C, "node2", "/etc/kubernetes/pki/apiserver.crt");
        assertThat(subject(apiserver)).isEqualTo("CN=kube-apiserver");
        assertThat(sans(apiserver)).containsExactlyInAnyOrder("DNS:kubernetes", "DNS:kubernetes.default",
                "DNS:kubernetes.default.svc", "DNS:kubernetes.default.svc.cluster.local", "DNS:localhost",
                "DNS:lb.kubexm.local", "DNS:node1", "DNS:node2", "DNS:node3", "DNS:node1.cluster.local",
                "DNS:node2.cluster.local", "DNS:node3.cluster.local", "IP Address:127.0.0.1",
                "IP Address:10.233.0.1", "IP Address:127.0.0.2", "IP Address:127.0.0.3", "IP Address:127.0.0.4");
        assertThat(usages(apiserver)).isEqualTo("TLS Web Server Authentication");

        Path member = f.file(C, "node3", "/etc/ssl/etcd/ssl/member-node3.pem");
        assertThat(sans(member)).containsExactlyInAnyOrder("DNS:node3", "DNS:localhost", "IP Address:127.0.0.4",
                "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1");
        assertThat(usages(member)).isEqualTo("TLS Web Server Authentication, TLS Web Client Authentication");
        assertThat(usages(f.file(C, "node1", "/etc/ssl/etcd/ssl/admin-node1.pem")))
                .isEqualTo("TLS Web Client Authentication");

        Path serving = f.file(C, "node4", "/var/lib/kubelet/pki/kubelet.crt");
        assertThat(subject(serving)).isEqualTo("CN=system:node:node4,O=system:nodes");
        assertThat(sans(serving)).containsExactlyInAnyOrder("DNS:node4", "IP Address:127.0.0.5");

        assertThat(subject(f.file(C, "node1", "/etc/kubernetes/pki/apiserver-kubelet-client.crt")))
                .isEqualTo("CN=kube-apiserver-kubelet-client,O=kubeadm:cluster-admins");
        assertThat(subject(f.file(C, "node1", "/etc/kubernetes/pki/front-proxy-client.crt")))
                .isEqualTo("CN=front-proxy-client");
        // kubeadm mode: leaves live one year, CAs ten.
        assertThat(validityDays(apiserver)).isBetween(364L, 365L);
        assertThat(validityDays(pki.resolve("ca.crt"))).isBetween(3649L, 3650L);
        assertThat(x509(pki.resolve("ca.crt"), "-text")).contains("CA:TRUE", "rsaEncryption", "2048 bit");
    }

    /** kubeadm v1.29 moved admin.conf and apiserver-kubelet-client out of system:masters; kubexm mode has no kubeadm. */
    @ParameterizedTest
    @CsvSource({"kubeadm, v1.28.15, system:masters", "kubeadm, v1.29.0, kubeadm:cluster-admins",
            "kubexm, v1.32.4, system:masters"})
    void adminAndKubeletClientGroupsFollowTheKubeadmVersion(String type, String version, String group) throws IOException {
        BuildFixture f = fixture();
        f.build(C, TestClusters.threeMasters(C, """
                kubernetes:
                  type: %s
                  version: %s
                  certificates: {keyAlgorithm: ecdsa-p256}
                """.formatted(type, version)));
        assertThat(subject(Files.writeString(project.resolve("a.pem"), kubeconfigCert(f, "node1", "admin.conf"))))
                .isEqualTo("CN=kubernetes-admin,O=" + group);
        assertThat(subject(f.file(C, "node2", "/etc/kubernetes/pki/apiserver-kubelet-client.crt")))
                .isEqualTo("CN=kube-apiserver-kubelet-client,O=" + group);
        // kubeadm v1.29+ needs super-admin.conf (system:masters) to create the kubeadm:cluster-admins binding.
        boolean superAdmin = group.equals("kubeadm:cluster-admins");
        for (String node : List.of("node1", "node2", "node3")) {
            assertThat(f.file(C, node, "/etc/kubernetes/super-admin.conf").toFile().exists()).isEqualTo(superAdmin);
        }
        assertThat(f.file(C, "node4", "/etc/kubernetes/super-admin.conf")).doesNotExist();
        if (superAdmin) {
            assertThat(mode(f.file(C, "node1", "/etc/kubernetes/super-admin.conf"))).isEqualTo("rw-------");
            assertThat(subject(Files.writeString(project.resolve("s.pem"),
                    kubeconfigCert(f, "node3", "super-admin.conf")))).isEqualTo("CN=kubernetes-super-admin,O=system:masters");
            assertThat(Tools.run("openssl", "verify", "-CAfile", f.clusterDir(C).resolve("pki/ca.crt").toString(),
                    project.resolve("s.pem").toString())).contains(": OK");
        }
    }

    @Test
    void kubexmModeAndEcdsaGiveTenYearP256Leaves() {
        BuildFixture f = fixture();
        f.build(C, TestClusters.threeMasters(C, """
                kubernetes:
                  type: kubexm
                  certificates: {keyAlgorithm: ecdsa-p256}
                """));
        Path apiserver = f.file(C, "node1", "/etc/kubernetes/pki/apiserver.crt");
        assertThat(validityDays(apiserver)).isBetween(3649L, 3650L);
        assertThat(x509(apiserver, "-text")).contains("id-ecPublicKey", "P-256");
        assertThat(Tools.run("openssl", "verify", "-CAfile", f.clusterDir(C).resolve("pki/ca.crt").toString(),
                apiserver.toString())).contains(": OK");
    }

    @Test
    void kubectlReadsEveryKubeconfigWhoseEmbeddedCertificatesMatchTheFiles() throws IOException {
        BuildFixture f = fixture();
        f.build(C, TestClusters.threeMasters(C, ""));
        Path caFile = f.clusterDir(C).resolve("pki/ca.crt");
        String ca = Files.readString(caFile);
        Map<String, String> servers = new TreeMap<>();

        for (String node : List.of("node1", "node2", "node3", "node4", "node5")) {
            for (String name : List.of("admin.conf", "controller-manager.conf", "scheduler.conf", "kubelet.conf",
                    "kube-proxy.conf")) {
                Path kc = f.file(C, node, "/etc/kubernetes/" + name);
                if (!Files.exists(kc)) {
                    assertThat(node).as(name + " only on masters").isIn("node4", "node5");
                    assertThat(name).isIn("admin.conf", "controller-manager.conf", "scheduler.conf");
                    continue;
                }
                assertThat(mode(kc)).isEqualTo("rw-------");
                String view = Tools.run("kubectl", "config", "view", "--kubeconfig", kc.toString(), "--raw", "-o",
                        "jsonpath={.clusters[0].cluster.certificate-authority-data} {.users[0].user.client-certificate-data} "
                                + "{.users[0].user.client-key-data} {.clusters[0].cluster.server} {.users[0].name}");
                String[] parts = view.trim().split(" ");
                assertThat(decode(parts[0])).isEqualTo(ca).isEqualTo(Files.readString(f.file(C, node, "/etc/kubernetes/pki/ca.crt")));
                Path cert = Files.writeString(project.resolve("client.pem"), decode(parts[1]));
                Path key = Files.writeString(project.resolve("client-key.pem"), decode(parts[2]));
                assertThat(Tools.run("openssl", "verify", "-CAfile", caFile.toString(), cert.toString())).contains(": OK");
                assertThat(Tools.run("openssl", "pkey", "-in", key.toString(), "-pubout"))
                        .isEqualTo(Tools.run("openssl", "x509", "-noout", "-pubkey", "-in", cert.toString()));
                assertThat(subject(cert)).startsWith("CN=" + parts[4]);
                servers.put(node + "/" + name, parts[3]);
            }
        }
        assertThat(subject(Files.writeString(project.resolve("k.pem"), kubeconfigCert(f, "node4", "kubelet.conf"))))
                .isEqualTo("CN=system:node:node4,O=system:nodes");
        assertThat(subject(Files.writeString(project.resolve("a.pem"), kubeconfigCert(f, "node1", "admin.conf"))))
                .isEqualTo("CN=kubernetes-admin,O=kubeadm:cluster-admins");
        // No load balancer: every node reaches the API through lb.kubexm.local, which its hosts block points
        // at the first master (workers) or at itself (masters); controller-manager and scheduler go local.
        assertThat(servers).containsEntry("node4/kubelet.conf", "https://lb.kubexm.local:6443")
                .containsEntry("node2/admin.conf", "https://lb.kubexm.local:6443")
                .containsEntry("node2/controller-manager.conf", "https://127.0.0.3:6443")
                .containsEntry("node3/scheduler.conf", "https://127.0.0.4:6443");
        assertThat(Files.readString(f.file(C, "node4", "/etc/hosts"))).contains("127.0.0.2 lb.kubexm.local\n");
        assertThat(Files.readString(f.file(C, "node2", "/etc/hosts"))).contains("127.0.0.3 lb.kubexm.local\n")
                .startsWith("# BEGIN kubexm\n127.0.0.2 node1 node1.cluster.local\n");
    }

    @Test
    void theControlPlaneDomainLeadsToTheVipOrTheLocalProxyAsTheTopologySays() throws IOException {
        BuildFixture f = fixture();
        String ecdsa = "kubernetes: {certificates: {keyAlgorithm: ecdsa-p256}}\n";
        f.build("vip", TestClusters.threeMasters("vip", ecdsa
                + "loadbalancer: {enabled: true, mode: kube-vip, vip: 127.0.0.100, interface: lo}\n"));
        for (String node : List.of("node1", "node4")) {
            assertThat(read(f.file("vip", node, "/etc/hosts"))).contains("127.0.0.100 lb.kubexm.local\n");
        }
        assertThat(sans(f.file("vip", "node1", "/etc/kubernetes/pki/apiserver.crt")))
                .contains("IP Address:127.0.0.100", "DNS:lb.kubexm.local");

        f.build("internal", TestClusters.threeMasters("internal", ecdsa
                + "loadbalancer: {enabled: true, mode: internal, type: haproxy}\n"));
        assertThat(read(f.file("internal", "node4", "/etc/hosts"))).contains("127.0.0.1 lb.kubexm.local\n");
        assertThat(read(f.file("internal", "node1", "/etc/hosts"))).contains("127.0.0.2 lb.kubexm.local\n");
        assertThat(Tools.run("kubectl", "config", "view", "--kubeconfig",
                f.file("internal", "node4", "/etc/kubernetes/kubelet.conf").toString(), "-o",
                "jsonpath={.clusters[0].cluster.server}")).isEqualTo("https://lb.kubexm.local:6443");
    }

    @Test
    void systemdAnalyzeAcceptsEveryRenderedUnit() {
        BuildFixture f = fixture();
        f.build(C, TestClusters.threeMasters(C, ""));
        String binary = NodeConfigs.ETCD_BINARY;
        for (String node : List.of("node1", "node2", "node3")) {
            Path unit = f.file(C, node, NodeConfigs.ETCD_UNIT);
            // verify also checks that ExecStart's binary exists; the etcd step installs it at that path,
            // here Debian's etcd stands in for it, bound there in a private mount namespace.
            Tools.Result r = Tools.exec(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs kubexm-test " + Path.of(binary).getParent() + " && touch " + binary
                            + " && mount --bind \"$(command -v etcd)\" " + binary
                            + " && exec systemd-analyze verify " + unit));
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).as("systemd-analyze warnings").isBlank();
        }
    }

    @Test
    void keysAreSecretAndCaKeysNeverReachANode() throws IOException {
        BuildFixture f = fixture();
        f.build(C, TestClusters.threeMasters(C, ""));
        Path pki = f.clusterDir(C).resolve("pki");
        List<String> caKeys;
        try (Stream<Path> s = Files.walk(pki)) {
            caKeys = s.filter(p -> p.getFileName().toString().matches(".*(key|\\.key)(\\.pem)?"))
                    .filter(p -> !p.getFileName().toString().equals("sa.key"))
                    .map(p -> {
                        assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
                        return read(p);
                    }).toList();
        }
        assertThat(caKeys).hasSize(3);
        assertThat(mode(pki)).isEqualTo("rwx------");
        Manifest manifest = Manifest.read(f.clusterDir(C).resolve("manifest.json")).orElseThrow();
        manifest.nodes().forEach((node, entries) -> entries.forEach(e -> {
            Path file = f.file(C, node, e.path());
            String content = read(file);
            caKeys.forEach(k -> assertThat(content).as(node + ":" + e.path()).doesNotContain(k.strip()));
            boolean secret = e.path().endsWith(".key") || e.path().endsWith("-key.pem") || e.path().endsWith(".conf");
            assertThat(e.mode()).as(node + ":" + e.path()).isEqualTo(secret ? "0600" : "0644");
            assertThat(mode(file)).isEqualTo(secret ? "rw-------" : "rw-r--r--");
            assertThat(e.owner()).isEqualTo("root:root");
            assertThat(e.sha256()).isEqualTo(sha256(file));
        }));
        assertThat(manifest.nodes().keySet()).containsExactly("node1", "node2", "node3", "node4", "node5");
        manifest.nodes().values().forEach(entries -> assertThat(entries)
                .isSortedAccordingTo((a, b) -> a.path().compareTo(b.path())));
    }

    @Test
    void aSecondBuildChangesNothingAndANewSanReissuesOnlyTheApiserverCertificate() {
        BuildFixture f = fixture();
        ClusterBuild.Result first = f.build(C, TestClusters.threeMasters(C, ""));
        assertThat(first.nodes()).allSatisfy(n -> assertThat(n.added()).isPositive());
        Map<String, String> before = tree(f.clusterDir(C));

        ClusterBuild.Result second = f.build(C, TestClusters.threeMasters(C, ""));
        assertThat(second.issued()).isZero();
        assertThat(second.nodes()).allSatisfy(n -> assertThat(n.untouched()).as(n.toString()).isTrue());
        assertThat(tree(f.clusterDir(C))).isEqualTo(before);

        ClusterBuild.Result third = f.build(C, TestClusters.threeMasters(C, """
                kubernetes:
                  apiServerCertSANs: [api.example.com, 192.0.2.7]
                """));
        assertThat(third.issued()).isEqualTo(1);
        Map<String, String> after = tree(f.clusterDir(C));
        Map<String, String> changed = new TreeMap<>(after);
        changed.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        assertThat(changed.keySet()).containsExactly("manifest.json",
                "node1/etc/kubernetes/pki/apiserver.crt", "node1/etc/kubernetes/pki/apiserver.key",
                "node2/etc/kubernetes/pki/apiserver.crt", "node2/etc/kubernetes/pki/apiserver.key",
                "node3/etc/kubernetes/pki/apiserver.crt", "node3/etc/kubernetes/pki/apiserver.key");
        assertThat(sans(f.file(C, "node1", "/etc/kubernetes/pki/apiserver.crt")))
                .contains("DNS:api.example.com", "IP Address:192.0.2.7");
        assertThat(third.nodes()).filteredOn(n -> n.node().equals("node1")).singleElement()
                .satisfies(n -> assertThat(n.changed()).isEqualTo(2));
    }

    @Test
    void aNewValidityReissuesEveryLeafAndANewCaValidityRenewsTheCasWithTheirKeys() throws IOException {
        BuildFixture f = fixture();
        String ecdsa = "kubernetes: {certificates: {keyAlgorithm: ecdsa-p256}}\n";
        ClusterBuild.Result first = f.build(C, TestClusters.threeMasters(C, ecdsa));
        Path apiserver = f.file(C, "node1", "/etc/kubernetes/pki/apiserver.crt");
        assertThat(validityDays(apiserver)).isBetween(364L, 365L);

        ClusterBuild.Result shorter = f.build(C, TestClusters.threeMasters(C,
                "kubernetes: {certificates: {keyAlgorithm: ecdsa-p256, validityDays: 100}}\n"));
        assertThat(shorter.reused()).isZero();
        assertThat(shorter.issued()).isEqualTo(first.issued());
        assertThat(validityDays(apiserver)).isEqualTo(100L);
        assertThat(validityDays(f.file(C, "node2", "/etc/ssl/etcd/ssl/member-node2.pem"))).isEqualTo(100L);

        Path pki = f.clusterDir(C).resolve("pki");
        String caKey = Files.readString(pki.resolve("ca.key"));
        ClusterBuild.Result longerCa = f.build(C, TestClusters.threeMasters(C,
                "kubernetes: {certificates: {keyAlgorithm: ecdsa-p256, validityDays: 100, caValidityDays: 7300}}\n"));
        for (String ca : List.of("ca.crt", "front-proxy-ca.crt", "etcd/ca.pem")) {
            assertThat(validityDays(pki.resolve(ca))).as(ca).isBetween(7299L, 7300L);
        }
        // Same key: the leaves stay, and verify against the renewed CA that every node now gets.
        assertThat(Files.readString(pki.resolve("ca.key"))).isEqualTo(caKey);
        assertThat(longerCa.issued()).isZero();
        assertThat(Files.readString(f.file(C, "node4", "/etc/kubernetes/pki/ca.crt")))
                .isEqualTo(Files.readString(pki.resolve("ca.crt")));
        assertThat(Tools.run("openssl", "verify", "-CAfile", pki.resolve("ca.crt").toString(), apiserver.toString()))
                .contains(": OK");
    }

    @Test
    void aNodeLeavingTheClusterLosesItsFiles() {
        BuildFixture f = fixture();
        f.build(C, TestClusters.threeMasters(C, ""));
        String fourNodes = TestClusters.threeMasters(C, "").replace("    - {name: node5, address: 127.0.0.6}\n", "")
                .replace("worker: [node4, node5]", "worker: [node4]");
        ClusterBuild.Result r = f.build(C, fourNodes);

        assertThat(r.nodes()).filteredOn(n -> n.node().equals("node5")).singleElement()
                .satisfies(n -> assertThat(n.removed()).isEqualTo(6));
        assertThat(f.clusterDir(C).resolve("node5")).doesNotExist();
        // Every other node's hosts block lost node5's line.
        assertThat(read(f.file(C, "node1", "/etc/hosts"))).doesNotContain("node5");
    }

    static boolean isLeafCert(String path) {
        return (path.endsWith(".crt") || path.endsWith(".pem")) && !path.endsWith("-key.pem")
                && !path.endsWith("/ca.crt") && !path.endsWith("/ca.pem") && !path.endsWith("front-proxy-ca.crt");
    }

    static String caOf(String path) {
        if (path.startsWith(ClusterPki.ETCD_SSL) || path.endsWith("apiserver-etcd-client.crt")) {
            return "etcd/ca.pem";
        }
        return path.endsWith("front-proxy-client.crt") ? "front-proxy-ca.crt" : "ca.crt";
    }

    static String keyOf(String certPath) {
        return certPath.endsWith(".pem") ? certPath.replaceFirst("\\.pem$", "-key.pem")
                : certPath.replaceFirst("\\.crt$", ".key");
    }

    static String x509(Path cert, String... what) {
        String[] cmd = Stream.concat(Stream.of("openssl", "x509", "-noout", "-in", cert.toString()), Stream.of(what))
                .toArray(String[]::new);
        return Tools.run(cmd);
    }

    /** The subject in RFC 2253 form (most specific first: CN, then O). */
    static String subject(Path cert) {
        return x509(cert, "-subject", "-nameopt", "RFC2253").trim().substring("subject=".length());
    }

    static List<String> sans(Path cert) {
        String out = x509(cert, "-ext", "subjectAltName");
        return List.of(out.lines().skip(1).reduce("", String::concat).trim().split(",\\s*"));
    }

    static String usages(Path cert) {
        return x509(cert, "-ext", "extendedKeyUsage").lines().skip(1).reduce("", String::concat).trim();
    }

    static long validityDays(Path cert) {
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy zzz", Locale.US);
        String[] lines = x509(cert, "-startdate", "-enddate").split("\n");
        ZonedDateTime start = ZonedDateTime.parse(lines[0].substring("notBefore=".length()).trim(), fmt);
        ZonedDateTime end = ZonedDateTime.parse(lines[1].substring("notAfter=".length()).trim(), fmt);
        return ChronoUnit.DAYS.between(start, end);
    }

    private static String kubeconfigCert(BuildFixture f, String node, String name) {
        String data = Tools.run("kubectl", "config", "view", "--kubeconfig",
                f.file(C, node, "/etc/kubernetes/" + name).toString(), "--raw", "-o",
                "jsonpath={.users[0].user.client-certificate-data}");
        return decode(data.trim());
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under a directory (relative path) with its sha256. */
    static Map<String, String> tree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            Map<String, String> out = new TreeMap<>();
            s.filter(Files::isRegularFile).forEach(p -> out.put(dir.relativize(p).toString(), sha256(p) + " " + mode(p)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
