package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import io.kubexm.api.EtcdType;
import io.kubexm.api.KubernetesType;
import io.kubexm.api.NetworkPlugin;
import io.kubexm.api.RuntimeType;
import io.kubexm.api.Zone;
import io.kubexm.artifacts.BomRequest.Storage;
import io.kubexm.artifacts.Catalog.ChecksumRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Computes the bill of materials from a request and the catalog: which components a
 * cluster of that shape needs is knowledge kept here; versions, URLs and digests are data.
 */
public final class BomCalculator {
    private final Catalog catalog;
    private final Zone zone;

    public BomCalculator(Catalog catalog, Zone zone) {
        this.catalog = catalog;
        this.zone = zone;
    }

    /** The bill of materials before any manifest is fetched: the manifests' images are {@link ManifestScan.Pending}. */
    public Bom compute(BomRequest request) {
        return compute(request, Optional.empty());
    }

    /**
     * The bill of materials with the images of every manifest and chart already verified in
     * {@code packagesDir} (build/packages); the others stay {@link ManifestScan.Pending}.
     */
    public Bom compute(BomRequest request, Path packagesDir) {
        return compute(request, Optional.of(packagesDir));
    }

    private Bom compute(BomRequest request, Optional<Path> packagesDir) {
        List<FileArtifact> files = files(request);
        List<ManifestScan> scans = files.stream().filter(f -> f.arch().isEmpty())
                .map(f -> scan(f, packagesDir)).toList();
        return new Bom(files, images(request, scans), packages(request), scans);
    }

    private ManifestScan scan(FileArtifact manifest, Optional<Path> packagesDir) {
        if (packagesDir.isEmpty()) {
            return new ManifestScan.Pending(manifest, "not fetched");
        }
        Path file = packagesDir.get().resolve(manifest.relativePath());
        Path recorded = Downloader.sidecarOf(file);
        try {
            if (!Files.isRegularFile(file)) {
                return new ManifestScan.Pending(manifest, "not in " + packagesDir.get());
            }
            String actual = Digests.sha256(file);
            if (!Files.isRegularFile(recorded) || !Files.readString(recorded).strip().split("\\s+")[0].equals(actual)) {
                return new ManifestScan.Pending(manifest, file + " does not match the sha256 recorded at its download");
            }
            Map<String, String> variants = Optional.ofNullable(catalog.manifests().get(manifest.component()))
                    .map(Catalog.Source::imageVariants).orElse(Map.of());
            ManifestImages.Scan s = new ManifestImages(variants).scan(file);
            return new ManifestScan.Scanned(manifest, s.images(), s.templated());
        } catch (IOException e) {
            return new ManifestScan.Pending(manifest, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private List<FileArtifact> files(BomRequest r) {
        Set<String> perArch = new LinkedHashSet<>();
        if (r.kubernetesType() == KubernetesType.KUBEADM) {
            perArch.addAll(List.of("kubeadm", "kubelet", "kubectl"));
        } else {
            perArch.addAll(List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler",
                    "kube-proxy", "kubelet", "kubectl"));
        }
        // etcdctl comes with etcd and is what backups and health checks use, whatever runs etcd.
        perArch.add("etcd");
        switch (r.runtime()) {
            case CONTAINERD -> perArch.addAll(List.of("containerd", "runc", "crictl", "cni-plugins", "nerdctl"));
            case DOCKER -> perArch.addAll(List.of("docker", "cri-dockerd", "crictl", "cni-plugins"));
            case CRI_O -> perArch.add("cri-o"); // the cri-o bundle carries runc, conmon, crictl and CNI plugins
            case ISULAD -> perArch.addAll(List.of("crictl", "cni-plugins")); // iSulad itself is an OS package
        }
        if (r.cni().equals(Optional.of(NetworkPlugin.CALICO))) {
            perArch.add("calicoctl");
        }
        perArch.add("helm");
        Set<String> onRegistryHost = new LinkedHashSet<>();
        switch (r.registry()) {
            case REGISTRY -> onRegistryHost.add("registry");
            case HARBOR -> onRegistryHost.addAll(List.of("harbor", "docker", "docker-compose"));
            case EXTERNAL, NONE -> { }
        }

        List<FileArtifact> out = new ArrayList<>();
        for (Arch arch : r.arches()) {
            for (String component : perArch) {
                out.add(file(r, component, catalogSource(catalog.files(), component), Optional.of(arch)));
            }
        }
        for (String component : onRegistryHost) {
            Catalog.Source source = catalogSource(catalog.files(), component);
            List<Arch> hosts = r.registryArches().isEmpty() ? r.arches() : r.registryArches();
            List<Arch> offered = hosts.stream().filter(source::offers).toList();
            // A matrix names no registry host: the registry goes on an arch it is published for.
            if (offered.isEmpty() || !r.registryArches().isEmpty() && offered.size() < hosts.size()) {
                throw new IllegalArgumentException(component + " " + version(r, source.versionKey().orElse(component))
                        + " is published upstream for " + source.arches().stream().map(Arch::yaml).toList() + " only, not "
                        + hosts.stream().filter(a -> !source.offers(a)).map(Arch::yaml).toList()
                        + ": put the registry role on an " + source.arches().getFirst().yaml()
                        + " host, or choose registry type registry");
            }
            for (Arch arch : offered) {
                if (!(perArch.contains(component) && r.arches().contains(arch))) {
                    out.add(file(r, component, source, Optional.of(arch)));
                }
            }
        }
        for (String component : manifestComponents(r)) {
            out.add(file(r, component, catalogSource(catalog.manifests(), component), Optional.empty()));
        }
        for (BomRequest.HelmChart c : r.charts()) {
            String repo = c.repo().replaceAll("/+$", "");
            out.add(new FileArtifact(c.chart(), c.version(), Optional.empty(),
                    repo + "/" + c.chart() + "-" + c.version() + ".tgz",
                    new Verification.HelmIndex(repo + "/index.yaml", c.chart(), c.version())));
        }
        return List.copyOf(out);
    }

    private static List<String> manifestComponents(BomRequest r) {
        List<String> out = new ArrayList<>();
        r.cni().map(NetworkPlugin::yaml).ifPresent(out::add); // the catalog names each plugin's manifest as cluster.yaml does
        if (r.kubernetesType() == KubernetesType.KUBEXM) {
            out.add("coredns"); // kubeadm deploys CoreDNS from its own manifest
        }
        if (r.nodeLocalDns()) {
            out.add("nodelocaldns");
        }
        for (Storage s : Storage.values()) {
            if (r.storage().contains(s)) {
                out.addAll(switch (s) {
                    case LOCAL_PATH -> List.of("local-path-provisioner");
                    case OPENEBS -> List.of("openebs");
                    case NFS -> List.of("nfs-subdir-provisioner");
                    case ROOK_CEPH -> List.of("rook", "rook-cluster"); // the operator, and the CephCluster it runs
                    case LONGHORN -> List.of("longhorn");
                });
            }
        }
        return out;
    }

    /**
     * In a zone, a file comes from its own zone URL ({@code cn:} in the catalog), whose mirror publishes the
     * file only, so its checksum file comes from upstream; else from the zone's path-keeping mirror, which
     * serves the checksum files as well.
     */
    private FileArtifact file(BomRequest r, String component, Catalog.Source source, Optional<Arch> arch) {
        String version = version(r, source.versionKey().orElse(component));
        String upstream = expand(source.url(), component, version, arch, "");
        Catalog.ZoneMirrors mirrors = catalog.zone(zone);
        Optional<String> own = zone == Zone.DEFAULT ? Optional.empty()
                : source.cnUrl().map(p -> expand(p, component, version, arch, ""));
        String url = own.or(() -> mirrors.file(upstream)).orElse(upstream);
        UnaryOperator<String> checksumSource = u -> own.isPresent() ? u : mirrors.file(u).orElse(u);
        Optional<String> pinned = arch.flatMap(a -> catalog.pinned(component, a, version));
        Verification v = pinned.<Verification>map(Verification.Pinned::new).orElseGet(() -> switch (source.checksum()) {
            case ChecksumRule.Sidecar s -> new Verification.Sidecar(
                    checksumSource.apply(expand(s.urlPattern(), component, version, arch, upstream)));
            case ChecksumRule.Sums s -> new Verification.Sums(
                    checksumSource.apply(expand(s.urlPattern(), component, version, arch, upstream)));
            case ChecksumRule.TrustOnFirstUse t -> new Verification.TrustOnFirstUse();
            case ChecksumRule.PinnedOnly p -> new Verification.Unknown();
        });
        return new FileArtifact(component, version, arch, url, v);
    }

    private String version(BomRequest r, String key) {
        return Optional.ofNullable(r.versions().get(key)).orElseGet(() -> catalog.version(key));
    }

    private static String expand(String pattern, String component, String version, Optional<Arch> arch, String url) {
        String s = pattern.replace("{url}", url)
                .replace("{version}", version)
                .replace("{bare}", version.startsWith("v") ? version.substring(1) : version)
                .replace("{name}", component);
        if (arch.isPresent()) {
            s = s.replace("{arch}", arch.get().yaml()).replace("{uname}", arch.get().uname());
        }
        return s;
    }

    private static Catalog.Source catalogSource(Map<String, Catalog.Source> sources, String component) {
        Catalog.Source s = sources.get(component);
        if (s == null) {
            throw new IllegalArgumentException("catalog has no source for '" + component
                    + "': add it under 'files:' or 'manifests:' in the versions file");
        }
        return s;
    }

    /** The images kubexm runs itself, then every image the scanned manifests name, each once. */
    private List<ImageArtifact> images(BomRequest r, List<ManifestScan> scans) {
        Set<String> names = new LinkedHashSet<>();
        if (r.kubernetesType() == KubernetesType.KUBEADM) {
            names.addAll(List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"));
            if (r.etcdType() == EtcdType.KUBEADM) {
                names.add("etcd");
            }
        }
        names.addAll(List.of("pause", "coredns"));
        if (r.nodeLocalDns()) {
            names.add("nodelocaldns");
        }
        switch (r.loadBalancer()) {
            case HAPROXY_STATIC_POD -> names.add("haproxy");
            case NGINX_STATIC_POD -> names.add("nginx");
            case KUBE_VIP -> names.add("kube-vip");
            default -> { }
        }
        Catalog.KubeadmImages kubeadm = catalog.kubeadmImages(version(r, "kubernetes"));
        Catalog.ZoneMirrors mirrors = catalog.zone(zone);
        Map<String, ImageArtifact> out = new LinkedHashMap<>();
        for (String name : names) {
            Catalog.ImageRef ref = catalog.images().get(name);
            if (ref == null) {
                throw new IllegalArgumentException("catalog has no image '" + name + "': add it under 'images: refs:'");
            }
            String key = ref.versionKey().orElse(name);
            String version = switch (key) {
                case "kubeadm.pause" -> kubeadm.pause();
                case "kubeadm.coredns" -> kubeadm.coredns();
                case "kubeadm.etcd" -> kubeadm.etcd();
                default -> version(r, key);
            };
            String reference = ManifestImages.canonical(ref.ref().replace("{version}", version));
            out.putIfAbsent(reference, new ImageArtifact(name, reference, r.arches(), mirrors.image(reference),
                    Optional.empty()));
        }
        for (ManifestScan scan : scans) {
            if (scan instanceof ManifestScan.Scanned s) {
                for (String reference : s.images()) {
                    out.putIfAbsent(reference, new ImageArtifact(s.manifest().component(), reference, r.arches(),
                            mirrors.image(reference), Optional.of(s.manifest().relativePath())));
                }
            }
        }
        return List.copyOf(out.values());
    }

    private List<PackageSet> packages(BomRequest r) {
        List<PackageSet> out = new ArrayList<>();
        for (String osId : r.oses()) {
            Catalog.OsSource os = catalog.osSource(osId);
            Map<String, List<String>> groups = catalog.packages().getOrDefault(os.family(), Map.of());
            List<String> wanted = new ArrayList<>();
            wanted.add("base");
            wanted.add("nfs");
            wanted.add("iscsi");
            switch (r.loadBalancer()) {
                case HAPROXY_BINARY -> wanted.add("haproxy");
                case NGINX_BINARY -> wanted.add("nginx");
                case EXTERNAL_KEEPALIVED_HAPROXY -> wanted.addAll(List.of("keepalived", "haproxy"));
                case EXTERNAL_KEEPALIVED_NGINX -> wanted.addAll(List.of("keepalived", "nginx"));
                default -> { }
            }
            Set<String> names = new LinkedHashSet<>();
            for (String g : wanted) {
                List<String> list = groups.get(g);
                if (list == null) {
                    throw new IllegalArgumentException("catalog has no package group '" + g + "' for " + os.family());
                }
                names.addAll(list);
            }
            if (r.runtime() == RuntimeType.ISULAD) {
                if (!os.family().equals("rpm")) {
                    throw new IllegalArgumentException("isulad is packaged for rpm systems only; " + osId
                            + " is " + os.family() + ": choose containerd, docker or cri-o");
                }
                names.add("iSulad");
            }
            names.addAll(os.family().equals("deb") ? r.extraDebs() : r.extraRpms());
            for (Arch arch : r.arches()) {
                out.add(new PackageSet(osId, os.family(), arch, List.copyOf(names)));
            }
        }
        return List.copyOf(out);
    }
}
