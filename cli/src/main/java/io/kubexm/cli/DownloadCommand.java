package io.kubexm.cli;

import io.kubexm.artifacts.Arch;
import io.kubexm.artifacts.Bom;
import io.kubexm.artifacts.BomCalculator;
import io.kubexm.artifacts.BomRequest;
import io.kubexm.artifacts.BundleManifest;
import io.kubexm.artifacts.Catalog;
import io.kubexm.artifacts.DownloadReport;
import io.kubexm.artifacts.Downloader;
import io.kubexm.artifacts.FileArtifact;
import io.kubexm.artifacts.ImageArtifact;
import io.kubexm.artifacts.Mirror;
import io.kubexm.artifacts.PackageSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Fetch the offline bundle into build/packages: every file verified by sha256, resumable.",
                "What is fetched is computed from the OS/arch matrix and the cluster's choices; --list only prints it."})
final class DownloadCommand implements Callable<Integer> {

    @Option(names = "--list", description = "Print the bill of materials (component, version, arch, URL, sha256) and exit.")
    boolean list;

    @Option(names = "--os", split = ",", paramLabel = "OS",
            description = "Operating systems whose package lists to include, e.g. debian12,ubuntu22.04,rocky9.")
    List<String> oses = new ArrayList<>();

    @Option(names = "--arch", split = ",", defaultValue = "amd64", paramLabel = "ARCH",
            description = "Architectures: amd64, arm64 (default: ${DEFAULT-VALUE}).")
    List<String> arches;

    @Option(names = "--k8s", paramLabel = "VERSION", description = "Kubernetes version (default: the catalog's).")
    Optional<String> kubernetesVersion = Optional.empty();

    @Option(names = "--k8s-type", defaultValue = "kubeadm", description = "kubeadm | kubexm (default: ${DEFAULT-VALUE}).")
    String kubernetesType;

    @Option(names = "--etcd-type", defaultValue = "kubexm", description = "kubexm | kubeadm | external (default: ${DEFAULT-VALUE}).")
    String etcdType;

    @Option(names = "--runtime", defaultValue = "containerd",
            description = "containerd | docker | cri-o | isulad (default: ${DEFAULT-VALUE}).")
    String runtime;

    @Option(names = "--cni", defaultValue = "calico",
            description = "calico | flannel | cilium | kube-router | none (default: ${DEFAULT-VALUE}).")
    String cni;

    @Option(names = "--lb", defaultValue = "none", description = "none | haproxy-static-pod | nginx-static-pod | "
            + "haproxy-binary | nginx-binary | kube-vip | external-keepalived-haproxy | external-keepalived-nginx | "
            + "external-user (default: ${DEFAULT-VALUE}).")
    String loadBalancer;

    @Option(names = "--registry", defaultValue = "registry",
            description = "registry | harbor | external | none (default: ${DEFAULT-VALUE}).")
    String registry;

    @Option(names = "--storage", split = ",", defaultValue = "local-path",
            description = "local-path, openebs, nfs, rook-ceph, longhorn (default: ${DEFAULT-VALUE}).")
    List<String> storage;

    @Option(names = "--no-nodelocaldns", description = "Leave NodeLocal DNSCache out.")
    boolean noNodeLocalDns;

    @Option(names = "--set", split = ",", paramLabel = "COMPONENT=VERSION",
            description = "Version of one component, e.g. --set etcd=v3.5.22,containerd=v1.7.27.")
    Map<String, String> set = new HashMap<>();

    @Option(names = "--versions", paramLabel = "FILE",
            description = "YAML file overriding the catalog (versions, files, checksums, images, ...).")
    Optional<Path> versionsFile = Optional.empty();

    @Option(names = "--mirror", paramLabel = "BASE",
            description = "Fetch https://HOST/PATH from BASE/HOST/PATH instead (files and checksum files).")
    Optional<String> mirror = Optional.empty();

    @Option(names = "--zone", paramLabel = "ZONE", description = "cn selects the China mirrors (default: $KXZONE).")
    Optional<String> zone = Optional.empty();

    @Option(names = "--output", defaultValue = "build/packages", paramLabel = "DIR",
            description = "Bundle directory (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--parallel", defaultValue = "4", description = "Files fetched at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Override
    public Integer call() {
        Bom bom;
        Mirror m;
        try {
            bom = bom();
            m = mirror.map(Mirror::of).orElse(Mirror.none());
        } catch (IllegalArgumentException e) {
            System.err.println("kubexm download: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        if (list) {
            printList(bom, m, System.out);
            return Main.EXIT_OK;
        }
        PrintStream out = System.out;
        Downloader downloader = new Downloader(Downloader.Options.defaults().withMirror(m).withParallelism(parallel),
                DownloadProgress.forOutput(out, Terminal.interactive(), bom.files().size()));
        DownloadReport report = downloader.download(bom.files(), output);
        try {
            BundleManifest.record(output, report);
        } catch (java.io.IOException e) {
            System.err.println("kubexm download: cannot write " + output.resolve(BundleManifest.NAME) + ": " + e.getMessage());
            return Main.EXIT_RUN_FAILED;
        }
        System.err.println(report.summary());
        if (!report.ok()) {
            System.err.println("Files that failed are listed above; good files stay in " + output
                    + ". Fix the cause and run the same command again: verified files are not fetched twice.");
        }
        return report.ok() ? Main.EXIT_OK : Main.EXIT_RUN_FAILED;
    }

    Bom bom() {
        Map<String, String> versions = new HashMap<>(set);
        kubernetesVersion.ifPresent(v -> versions.put("kubernetes", v));
        BomRequest request = new BomRequest(
                oses,
                arches.stream().map(Arch::parse).distinct().toList(),
                BomRequest.parse(BomRequest.KubernetesType.class, kubernetesType),
                BomRequest.parse(BomRequest.EtcdType.class, etcdType),
                BomRequest.parse(BomRequest.RuntimeType.class, runtime),
                BomRequest.parse(BomRequest.Cni.class, cni),
                BomRequest.parse(BomRequest.LoadBalancer.class, loadBalancer),
                BomRequest.parse(BomRequest.RegistryType.class, registry),
                !noNodeLocalDns,
                storage.stream().filter(s -> !s.isBlank()).map(s -> BomRequest.parse(BomRequest.Storage.class, s))
                        .collect(Collectors.toCollection(LinkedHashSet::new)),
                List.of(), List.of(), versions);
        Catalog catalog = Catalog.load(versionsFile);
        BomCalculator.Zone z = BomCalculator.Zone.fromEnv(zone.orElseGet(() -> System.getenv("KXZONE")));
        return new BomCalculator(catalog, z).compute(request);
    }

    static void printList(Bom bom, Mirror mirror, PrintStream out) {
        out.println("FILES (" + bom.files().size() + ")");
        out.printf("%-24s %-16s %-6s %-64s %s%n", "COMPONENT", "VERSION", "ARCH", "SHA256", "URL");
        for (FileArtifact f : bom.files()) {
            out.printf("%-24s %-16s %-6s %-64s %s%n", f.component(), f.version(), f.archLabel(),
                    f.verification().describe(), mirror.map(f.url()));
        }
        out.println();
        out.println("IMAGES (" + bom.images().size() + ")");
        out.printf("%-30s %-16s %s%n", "COMPONENT", "PLATFORMS", "REFERENCE");
        for (ImageArtifact i : bom.images()) {
            out.printf("%-30s %-16s %s%n", i.component(),
                    i.platforms().stream().map(Arch::id).collect(Collectors.joining(",")), i.reference());
        }
        out.println();
        out.println("OS PACKAGES (" + bom.packages().size() + " repositories)");
        for (PackageSet p : bom.packages()) {
            out.printf("%-14s %-6s %-4s %s%n", p.os(), p.arch(), p.family(), String.join(" ", p.packages()));
        }
    }
}
