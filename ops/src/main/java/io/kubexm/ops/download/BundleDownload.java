package io.kubexm.ops.download;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.Topology;
import io.kubexm.api.Zone;
import io.kubexm.artifacts.Bom;
import io.kubexm.artifacts.BomCalculator;
import io.kubexm.artifacts.BomRequest;
import io.kubexm.artifacts.BundleCheck;
import io.kubexm.artifacts.BundleManifest;
import io.kubexm.artifacts.Catalog;
import io.kubexm.artifacts.ClusterBom;
import io.kubexm.artifacts.ClusterRegistries;
import io.kubexm.artifacts.DownloadReport;
import io.kubexm.artifacts.FileArtifact;
import io.kubexm.artifacts.ImageArtifact;
import io.kubexm.artifacts.Downloader;
import io.kubexm.artifacts.ImageDownload;
import io.kubexm.artifacts.ManifestDownload;
import io.kubexm.artifacts.Mirror;
import io.kubexm.artifacts.OsRepos;
import io.kubexm.artifacts.PackageSet;
import io.kubexm.artifacts.oci.ImageReference;
import io.kubexm.artifacts.oci.RegistryClients;
import io.kubexm.artifacts.oci.RegistryConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The offline bundle of a request: what it must hold (the bill of materials), whether it does, and fetching
 * it (files verified and resumable, images into an OCI layout, OS package repositories). Every call into the
 * artifacts module that {@code kubexm download} and create cluster make is here.
 */
public final class BundleDownload {
    private final BundleRequest request;

    public BundleDownload(BundleRequest request) {
        this.request = request;
    }

    public BundleRequest request() {
        return request;
    }

    /**
     * The bill of materials, with the images of the manifests and charts already verified in the bundle (those of
     * the others are pending); {@link IllegalArgumentException} names a choice the catalog cannot serve.
     */
    public Bom bom() {
        return calculator().compute(bomRequest(), request.bundleDir());
    }

    /**
     * The bill of materials with the images of every manifest and chart, fetching those not in the bundle yet
     * (small, verified, recorded in bom.json as a download does): what {@code download --list} prints. One try
     * each, so an offline machine is told at once; a manifest that could not be fetched stays pending.
     */
    public ManifestDownload.Result bomWithManifests() throws IOException {
        Downloader downloader = new Downloader(Downloader.Options.defaults().withMirror(request.mirror()).withAttempts(1)
                .withCache(cacheDir().resolve("files")), e -> { });
        return ManifestDownload.fetch(calculator(), bomRequest(), request.bundleDir(), downloader);
    }

    private BomCalculator calculator() {
        return new BomCalculator(Catalog.load(request.versionsFile()), zone());
    }

    private BomRequest bomRequest() {
        return switch (request.source()) {
            // The extra versions fill what the config leaves to the catalog (crictl, helm, ...); the config's own win.
            case BundleRequest.Source.Cluster c -> ClusterBom.request(c.config(), c.oses()).withMoreVersions(c.moreVersions());
            case BundleRequest.Source.Matrix m -> m.request();
        };
    }

    /** The catalog's zone: a config's {@code zone: cn}, else KXZONE. */
    private Zone zone() {
        String kxzone = request.kxzone().orElse(null);
        return request.config().map(c -> ClusterBom.zone(c, kxzone)).orElseGet(() -> Zone.fromEnv(kxzone));
    }

    /** What the bundle holds of {@code bom}, and every image's rewrite to the cluster's private registry. */
    public Check check(Bom bom) throws IOException {
        Optional<ClusterConfig> config = request.config();
        Optional<String> registry = config.flatMap(c -> Topology.of(c).registryEndpoint());
        Optional<String> namespace = config.map(c -> c.spec().registry().namespaceOverride()).filter(n -> !n.isBlank());
        return new Check(bom, BundleCheck.check(bom, request.bundleDir(), registry, namespace));
    }

    /**
     * The part of {@code bom} the bundle lacks, item by item: what a download must fetch. (The private registry
     * only decides image rewrites, which {@link #check} judges; here only the layout's content counts.)
     */
    public Bom missing(Bom bom) throws IOException {
        Path dir = request.bundleDir();
        Optional<String> anyRegistry = Optional.of("registry.invalid");
        List<FileArtifact> files = new ArrayList<>();
        for (FileArtifact f : bom.files()) {
            if (!BundleCheck.check(new Bom(List.of(f), List.of(), List.of()), dir, anyRegistry, Optional.empty()).ok()) {
                files.add(f);
            }
        }
        List<ImageArtifact> images = new ArrayList<>();
        for (ImageArtifact i : bom.images()) {
            if (!BundleCheck.check(new Bom(List.of(), List.of(i), List.of()), dir, anyRegistry, Optional.empty()).ok()) {
                images.add(i);
            }
        }
        List<PackageSet> repos = new ArrayList<>();
        for (PackageSet p : bom.packages()) {
            if (!BundleCheck.check(new Bom(List.of(), List.of(), List.of(p)), dir, anyRegistry, Optional.empty()).ok()) {
                repos.add(p);
            }
        }
        return new Bom(files, images, repos);
    }

    /** Where each item of {@code bom} is fetched from (through the mirror), files first, then registries and repositories. */
    public List<String> sources(Bom bom) {
        List<String> out = new ArrayList<>();
        bom.files().forEach(f -> out.add(request.mirror().map(f.url())));
        bom.images().forEach(i -> out.add("https://" + ImageReference.parse(i.pullFrom()).apiHost() + "/v2/"));
        Catalog catalog = Catalog.load(request.versionsFile());
        bom.packages().forEach(p -> out.add(request.mirror().map(OsRepos.mirror(catalog.osSource(p.os()), p.arch(), zone()))));
        return out;
    }

    /** The outcome of {@link #check}, with the counts of what was asked for. */
    public record Check(Bom bom, BundleCheck.Result result) {
        public boolean ok() {
            return result.ok();
        }
    }

    /**
     * Fetches {@code bom} into the bundle (the parts the request asks for): what is present and verified is not
     * fetched again, every failure is collected, and what was verified is recorded in bom.json.
     *
     * @throws IOException when the bundle cannot be written
     */
    public Outcome fetch(Bom bom, DownloadSink sink) throws IOException {
        Path output = request.bundleDir();
        BundleRequest.Parts parts = request.parts();
        Downloader downloader = new Downloader(Downloader.Options.defaults().withMirror(request.mirror())
                .withParallelism(request.parallel()).withCache(cacheDir().resolve("files")), sink::file);
        DownloadReport report = downloader.download(parts.files() ? bom.files() : List.of(), output);
        BundleManifest.recordFiles(output, report);
        ImageDownload.Result images = new ImageDownload.Result(List.of(), List.of());
        if (parts.images()) {
            // the manifests and charts just fetched name the rest of the images
            Bom withManifests = bom.pending().isEmpty() ? bom : bom();
            if (!withManifests.images().isEmpty()) {
                images = ImageDownload.pullAll(withManifests.images(), output, new RegistryClients(registries()), sink::line);
            }
            // A manifest that failed is a file failure already; without --no-files none is left pending otherwise.
            withManifests.pending().forEach(p -> sink.line("skipped the images of " + p.manifest().relativePath() + ": "
                    + p.why() + (parts.files() ? "" : "; run without --no-files to fetch it")));
        }
        List<String> repoFailures = parts.repos() ? repos(bom, sink) : List.of();
        return new Outcome(output, report, images, parts.repos() ? bom.packages().size() : 0, repoFailures);
    }

    /** Verified files are also kept by digest beside the bundle, so another bundle never fetches them again. */
    private Path cacheDir() {
        return request.bundleDir().toAbsolutePath().getParent().resolve("cache");
    }

    private Map<String, RegistryConfig> registries() {
        Map<String, RegistryConfig> registries = new HashMap<>(request.config().map(ClusterRegistries::auths).orElse(Map.of()));
        request.plainHttpRegistries().forEach(h -> registries.put(h, new RegistryConfig(h, true, Optional.empty(), false,
                Optional.empty(), Optional.empty())));
        return registries;
    }

    /** Builds one repository per OS and arch; returns what failed. Apt and dnf caches live in build/cache. */
    private List<String> repos(Bom bom, DownloadSink sink) {
        Catalog catalog = Catalog.load(request.versionsFile());
        Mirror m = request.mirror();
        List<OsRepos.Built> built = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Path work = cacheDir().resolve("repos");
        for (PackageSet set : bom.packages()) {
            Catalog.OsSource os = catalog.osSource(set.os());
            String source = m.map(OsRepos.mirror(os, set.arch(), zone()));
            try {
                OsRepos.Built b = OsRepos.build(set, os, m.withCredentials(source).reveal(), m, request.bundleDir(), work);
                built.add(b);
                sink.line((b.added() == 0 ? "present " : "ok      ") + set.relativePath() + "  " + b.packages()
                        + " packages (" + b.added() + " new) from " + source);
            } catch (IOException | RuntimeException e) {
                failures.add("repository " + set.relativePath() + ": " + Mirror.redact(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("repository " + set.relativePath() + ": interrupted");
                break;
            }
        }
        try {
            BundleManifest.recordRepos(request.bundleDir(), built);
        } catch (IOException e) {
            failures.add("cannot record repositories in " + request.bundleDir().resolve(BundleManifest.NAME) + ": "
                    + e.getMessage());
        }
        return failures;
    }

    /** What a fetch did: files, images and repositories, each with its failures. */
    public record Outcome(Path bundleDir, DownloadReport files, ImageDownload.Result images, int repos,
                          List<String> repoFailures) {
        public Outcome {
            repoFailures = List.copyOf(repoFailures);
        }

        public boolean ok() {
            return files.ok() && images.failures().isEmpty() && repoFailures.isEmpty();
        }

        /** Every failure, one line each. */
        public List<String> failures() {
            List<String> out = new ArrayList<>();
            files.failures().forEach(f -> out.add(f.message()));
            out.addAll(images.failures());
            out.addAll(repoFailures);
            return out;
        }

        /** The end of a run: counts, and every failure on its own line. */
        public List<String> summary() {
            List<String> lines = new ArrayList<>(files.summary().lines().toList());
            lines.add(images.pulled().size() + " images in " + bundleDir.resolve(ImageDownload.LAYOUT_DIR) + ", "
                    + images.failures().size() + " failed");
            images.failures().forEach(f -> lines.add("  - " + f));
            if (repos > 0) {
                lines.add((repos - repoFailures.size()) + " OS package repositories in " + bundleDir.resolve("repos") + ", "
                        + repoFailures.size() + " failed");
                repoFailures.forEach(f -> lines.add("  - " + f));
            }
            return lines;
        }
    }
}
