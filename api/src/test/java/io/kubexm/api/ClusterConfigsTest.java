package io.kubexm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigsTest {
    static final Path REPO = Path.of(System.getProperty("kubexm.repoRoot", ".."));

    static final String MINIMAL = """
            apiVersion: kubexm.io/v1alpha1
            kind: Cluster
            metadata: {name: demo}
            spec:
              hosts:
                - {name: node1, address: 10.0.0.11, password: s3cret}
              roleGroups:
                master: [node1]
                worker: [node1]
            """;

    @Test
    void theContractExampleLoadsAndPrintsItsOwnDefaults() throws Exception {
        ClusterConfig config = ClusterConfigs.load(REPO.resolve("examples/cluster.yaml"));
        ClusterSpec spec = config.spec();
        assertThat(config.name()).isEqualTo("mycluster");
        assertThat(spec.kubernetes().version()).isEqualTo("v1.32.4");
        assertThat(spec.kubernetes().certificates().validityDays()).isEqualTo(365);
        assertThat(spec.loadbalancer().networkInterface()).isEmpty();
        assertThat(spec.runtime().dataDir()).isEqualTo("/var/lib/containerd");
        assertThat(spec.hosts().getFirst().internalAddress()).isEqualTo("192.168.10.11");
    }

    @Test
    void configViewOfTheContractExampleIsTheExampleItself() throws Exception {
        Path example = REPO.resolve("examples/cluster.yaml");
        YAMLMapper yaml = new YAMLMapper();
        assertThat(yaml.readTree(ClusterConfigs.toYaml(ClusterConfigs.load(example))))
                .isEqualTo(yaml.readTree(example.toFile()));
    }

    @Test
    void absentFieldsTakeTheDocumentedDefaults() {
        ClusterConfig minimal = ClusterConfigs.parse(MINIMAL);
        ClusterConfig example = ClusterConfigs.parse(MINIMAL.replace("demo", "mycluster"));
        Host host = minimal.spec().hosts().getFirst();
        assertThat(host.port()).isEqualTo(22);
        assertThat(host.user()).isEqualTo("root");
        assertThat(host.internalAddress()).isEqualTo("10.0.0.11");
        assertThat(minimal.spec().etcd().type()).isEqualTo(EtcdType.KUBEXM);
        assertThat(minimal.spec().network().serviceCIDR()).isEqualTo("10.233.0.0/18");
        assertThat(example.spec().kubernetes()).isEqualTo(minimal.spec().kubernetes());
    }

    @Test
    void defaultsDependOnTheChosenTypes() {
        ClusterConfig config = ClusterConfigs.parse(MINIMAL + """
                  kubernetes: {type: kubexm}
                  runtime: {type: docker}
                """);
        assertThat(config.spec().kubernetes().certificates().validityDays()).isEqualTo(3650);
        assertThat(config.spec().runtime().dataDir()).isEqualTo("/var/lib/docker");
        assertThat(config.spec().runtime().type().criSocket()).isEqualTo("unix:///run/cri-dockerd.sock");
    }

    @Test
    void configViewPrintsEveryFieldAndMasksSecrets() {
        String yaml = ClusterConfigs.toYaml(ClusterConfigs.parse(MINIMAL));
        assertThat(yaml).doesNotContain("s3cret").contains("password: '******'").contains("maxPods: 110")
                .contains("interface: \"\"").contains("kubeVipMode: ARP");
        // What config view prints is itself a valid cluster.yaml (with the masked password).
        assertThat(ClusterConfigs.toYaml(ClusterConfigs.parse(yaml))).isEqualTo(yaml);
    }

    @Test
    void addonsAreManifestsOrHelmChartsWithTheirValues() {
        ClusterConfig config = ClusterConfigs.parse(MINIMAL + """
                  addons:
                    - {name: dashboard, yaml: {paths: [dashboard.yaml]}}
                    - name: ingress
                      namespace: ingress-nginx
                      helm:
                        repo: https://kubernetes.github.io/ingress-nginx
                        chart: ingress-nginx
                        version: 4.11.3
                        values: {controller: {replicaCount: 2, hostNetwork: true}}
                """);
        Addon dashboard = config.spec().addons().get(0);
        Addon ingress = config.spec().addons().get(1);
        assertThat(dashboard.namespace()).isEqualTo("default");
        assertThat(dashboard.source()).isEqualTo(new Addon.Manifests(List.of("dashboard.yaml")));
        Addon.HelmChart chart = (Addon.HelmChart) ingress.source();
        assertThat(chart.values().at("/controller/replicaCount").intValue()).isEqualTo(2);
        ((com.fasterxml.jackson.databind.node.ObjectNode) chart.values()).removeAll();
        assertThat(chart.values().at("/controller/hostNetwork").booleanValue()).isTrue();
        assertThat(ClusterConfigs.toYaml(config)).contains("        replicaCount: 2\n");
    }

    @Test
    void aClusterDirectoryAndMetadataNameShouldAgree(@TempDir Path work) throws Exception {
        Path file = Files.createDirectories(work.resolve("conf/demo")).resolve("cluster.yaml");
        Files.writeString(file, MINIMAL);
        assertThat(ClusterConfigs.validate(file).problems()).isEmpty();
        Path other = Files.createDirectories(work.resolve("conf/prod")).resolve("cluster.yaml");
        Files.writeString(other, MINIMAL);
        assertThat(ClusterConfigs.validate(other).problems()).extracting(Problem::toString).containsExactly(
                other + ":3:18: warning: metadata.name 'demo' differs from its directory conf/prod/\n"
                        + "    hint: name both the same: with --cluster=NAME kubexm keeps this cluster's files in build/NAME/, with -f in build/<metadata.name>/");
        Path elsewhere = work.resolve("prod.yaml");
        Files.writeString(elsewhere, MINIMAL);
        assertThat(ClusterConfigs.validate(elsewhere).problems()).isEmpty();
    }

    @Test
    void passwordsStayOutOfProblems() {
        String unclosed = MINIMAL.replace("password: s3cret", "password: 's3cret, port: 22");
        String wrongType = MINIMAL.replace("password: s3cret", "password: {value: s3cret}");
        for (String text : List.of(unclosed, wrongType)) {
            Validation v = ClusterConfigs.validate("c.yaml", text);
            assertThat(v.ok()).isFalse();
            assertThat(v.problems()).extracting(Problem::toString).noneMatch(p -> p.contains("s3cret"));
        }
    }

    @Test
    void typeErrorsAndUnknownFieldsAreAllReportedWithTheirPlace() {
        Validation v = ClusterConfigs.validate("c.yaml", MINIMAL.replace("password: s3cret", "adress: x, port: ssh")
                + "  network: {plugin: calicoo}\n");
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).extracting(Problem::toString).containsExactly(
                "c.yaml:6:41: error: unknown field 'adress' in spec.hosts[0]\n    hint: did you mean 'address'?",
                "c.yaml:6:58: error: spec.hosts[0].port: expected an integer, found a string\n    hint: write a whole number, without quotes",
                "c.yaml:10:21: error: spec.network.plugin: 'calicoo' is not one of calico | flannel | cilium | kube-router"
                        + "\n    hint: did you mean 'calico'?");
        assertThatThrownBy(v::orThrow).isInstanceOf(InvalidConfigException.class).hasMessageContaining("c.yaml:6:41");
    }
}
