package io.kubexm.cli;

import io.kubexm.api.Arch;
import io.kubexm.api.ClusterConfig;
import io.kubexm.api.EtcdType;
import io.kubexm.api.KubernetesType;
import io.kubexm.api.NetworkPlugin;
import io.kubexm.api.RegistryType;
import io.kubexm.api.RuntimeType;
import io.kubexm.api.Validation;
import io.kubexm.api.YamlEnum;
import io.kubexm.artifacts.Bom;
import io.kubexm.artifacts.BomRequest;
import io.kubexm.artifacts.BomListing;
import io.kubexm.artifacts.BundleCheck;
import io.kubexm.artifacts.DownloadEvent;
import io.kubexm.artifacts.ManifestDownload;
import io.kubexm.artifacts.Mirror;
import io.kubexm.ops.download.BundleDownload;
import io.kubexm.ops.download.BundleRequest;
import io.kubexm.ops.download.DownloadSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Fetch the offline bundle into build/packages: files verified by sha256 and resumable, images into an OCI layout.",
                "What is fetched is computed from --cluster (its hosts' arches and its choices) or from the matrix options;",
                "--list only prints it. With --cluster the config decides arches, versions and choices;",
                "--os adds package repositories and --set versions what the config does not."})
final class DownloadCommand implements Callable<Integer> {

    /** The choices a cluster config makes itself. */
    private static final List<String> MATRIX_OPTIONS = List.of("--arch", "--k8s", "--k8s-type", "--etcd-type", "--runtime",
            "--cni", "--lb", "--registry", "--storage", "--no-nodelocaldns");

    @Mixin
    ClusterFileOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "Print the bill of materials (component, version, arch, URL, sha256) and exit.")
    boolean list;

    @Option(names = "--offline", description = {"With --list: fetch nothing. The images of manifests and charts not in the",
            "bundle yet are shown as 'images: from <manifest> once fetched'."})
    boolean offline;

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

    @Option(names = "--check", description = {"Fetch nothing: prove the bundle holds everything the cluster needs",
            "(files with their digests, images for every platform, a private registry every image is rewritten to,",
            "OS package repositories); list what is missing and exit 1 if anything is."})
    boolean check;

    @Option(names = "--no-images", description = "Fetch files only, no images.")
    boolean noImages;

    @Option(names = "--no-files", description = "Fetch images only, no files.")
    boolean noFiles;

    @Option(names = "--no-repos", description = "Build no OS package repositories.")
    boolean noRepos;

    @Option(names = "--plain-http-registry", split = ",", paramLabel = "HOST",
            description = "Source registries reached over plain HTTP (a local mirror), e.g. 127.0.0.1:5000.")
    List<String> plainHttpRegistries = new ArrayList<>();

    @Override
    public Integer call() {
        BundleDownload bundle;
        Bom bom;
        try {
            Optional<BundleRequest.Source> source = source();
            if (source.isEmpty()) {
                return Main.EXIT_INVALID;
            }
            bundle = new BundleDownload(new BundleRequest(source.get(), output, versionsFile,
                    mirror.map(Mirror::of).orElse(Mirror.none()), zone.or(() -> Optional.ofNullable(System.getenv("KXZONE"))),
                    parallel, new BundleRequest.Parts(!noFiles, !noImages, !noRepos), plainHttpRegistries));
            bom = bundle.bom();
        } catch (IllegalArgumentException e) {
            System.err.println("kubexm download: " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        if (list) {
            // The manifests and charts name images: fetch them (small, verified, kept in the bundle) to list those.
            if (!offline && !bom.pending().isEmpty()) {
                try {
                    ManifestDownload.Result r = bundle.bomWithManifests();
                    bom = r.bom();
                    r.report().failures().forEach(f -> System.err.println("kubexm download --list: " + f.message()));
                } catch (IOException e) {
                    System.err.println("kubexm download --list: cannot write the manifests under " + output + ": "
                            + e.getMessage());
                }
            }
            BomListing.print(bom, bundle.request().mirror(), System.out);
            return Main.EXIT_OK;
        }
        if (check) {
            return check(bundle, bom);
        }
        Consumer<DownloadEvent> progress = DownloadProgress.forOutput(System.out, Terminal.interactive(), bom.files().size());
        BundleDownload.Outcome outcome;
        try {
            outcome = bundle.fetch(bom, new DownloadSink() {
                @Override
                public void file(DownloadEvent event) {
                    progress.accept(event);
                }

                @Override
                public void line(String text) {
                    System.err.println(text);
                }
            });
        } catch (IOException e) {
            System.err.println("kubexm download: cannot write the bundle under " + output + ": " + e.getMessage());
            return Main.EXIT_RUN_FAILED;
        }
        outcome.summary().forEach(System.err::println);
        if (!outcome.ok()) {
            System.err.println("What failed is listed above; everything verified stays in " + output
                    + ". Fix the cause and run the same command again: nothing verified is fetched twice.");
        }
        return outcome.ok() ? Main.EXIT_OK : Main.EXIT_RUN_FAILED;
    }

    /** The cluster config (empty after printing its problems, or with matrix options beside it) or the matrix. */
    private Optional<BundleRequest.Source> source() {
        if (cluster.cluster == null && cluster.file == null) {
            return Optional.of(new BundleRequest.Source.Matrix(matrix()));
        }
        PrintWriter err = spec.commandLine().getErr();
        Optional<ClusterConfig> config = ConfigFiles.validate(cluster.path(), err).flatMap(Validation::config);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        List<String> ignored = MATRIX_OPTIONS.stream()
                .filter(o -> spec.commandLine().getParseResult().hasMatchedOption(o)).toList();
        if (!ignored.isEmpty()) {
            System.err.println("kubexm download: with a cluster config, the config decides " + String.join(", ", ignored)
                    + ": drop them, or change the config (versions go in --versions or --set)");
            return Optional.empty();
        }
        return Optional.of(new BundleRequest.Source.Cluster(config.get(), oses, set));
    }

    private int check(BundleDownload bundle, Bom bom) {
        BundleCheck.Result r;
        try {
            r = bundle.check(bom).result();
        } catch (IOException e) {
            System.err.println("kubexm download --check: cannot read " + output + ": " + e.getMessage());
            return Main.EXIT_RUN_FAILED;
        }
        r.rewrites().forEach(line -> System.out.println("image " + line));
        if (r.ok() && bom.packages().isEmpty()) {
            // A cluster config does not name its nodes' OS, so without --os no repository was asked for.
            System.out.println("bundle " + output + " holds every file and image: " + bom.files().size() + " files, "
                    + bom.images().size() + " images; OS packages were not checked: name the nodes' systems with --os"
                    + " (e.g. --os debian12,rocky9)");
            return Main.EXIT_OK;
        }
        if (r.ok()) {
            System.out.println("bundle " + output + " holds everything: " + bom.files().size() + " files, "
                    + bom.images().size() + " images, " + bom.packages().size() + " OS package repositories");
            return Main.EXIT_OK;
        }
        System.out.println("missing from " + output + " (" + r.missing().size() + "):");
        r.missing().forEach(x -> System.out.println("  - " + x));
        System.out.println("run the same kubexm download without --check to fetch them");
        return Main.EXIT_RUN_FAILED;
    }

    /** The matrix options as a bill-of-materials request; {@link IllegalArgumentException} names a bad spelling. */
    private BomRequest matrix() {
        Map<String, String> versions = new HashMap<>(set);
        kubernetesVersion.ifPresent(v -> versions.put("kubernetes", v));
        return new BomRequest(
                oses,
                arches.stream().map(a -> YamlEnum.parse(Arch.class, "--arch", a)).distinct().toList(),
                YamlEnum.parse(KubernetesType.class, "--k8s-type", kubernetesType),
                YamlEnum.parse(EtcdType.class, "--etcd-type", etcdType),
                YamlEnum.parse(RuntimeType.class, "--runtime", runtime),
                cni.equals("none") ? Optional.empty() : Optional.of(YamlEnum.parse(NetworkPlugin.class, "--cni", cni)),
                YamlEnum.parse(BomRequest.LoadBalancer.class, "--lb", loadBalancer),
                YamlEnum.parse(RegistryType.class, "--registry", registry),
                !noNodeLocalDns,
                storage.stream().filter(s -> !s.isBlank()).map(s -> YamlEnum.parse(BomRequest.Storage.class, "--storage", s))
                        .collect(Collectors.toCollection(LinkedHashSet::new)),
                List.of(), List.of(), versions, List.of(), List.of());
    }
}
