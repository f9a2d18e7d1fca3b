package io.kubexm.ops.download;

import io.kubexm.api.ClusterConfig;
import io.kubexm.artifacts.Bom;
import io.kubexm.artifacts.DownloadEvent;
import io.kubexm.engine.Step;
import io.kubexm.engine.StepContext;
import io.kubexm.ops.OpsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundle holds what the run needs, checked as {@code kubexm download --check} checks it; the check reads
 * the bundle only. Apply fetches exactly what is missing through the same code as {@code kubexm download},
 * unless the policy is offline or the network does not answer: then it fails, listing everything missing.
 */
record FetchMissing(ClusterConfig config, String cluster, Path bundleDir, DownloadPolicy policy, BundleNeeds needs)
        implements Step {

    @Override
    public String name() {
        return "fetch-missing";
    }

    @Override
    public String describe() {
        String from = policy.offline() ? "offline: anything missing is an error"
                : "fetch what is missing from " + policy.mirror().base().orElse("upstream");
        return "what the run takes from bundle " + bundleDir + ": " + needs.describe(policy.oses()) + "; " + from;
    }

    /** Downloads take as long as the link needs; the downloader retries broken transfers itself. */
    @Override
    public Duration timeout() {
        return Duration.ofHours(2);
    }

    private BundleDownload bundle() {
        return new BundleDownload(new BundleRequest(new BundleRequest.Source.Cluster(config, policy.oses(), Map.of()),
                bundleDir, Optional.empty(), policy.mirror(), policy.kxzone(), BundleRequest.DEFAULT_PARALLEL,
                BundleRequest.Parts.ALL, List.of()));
    }

    /** Everything missing, one line each, as download --check lists it. */
    private List<String> missing(BundleDownload bundle, Bom needed) {
        List<String> out = new ArrayList<>(needs.notIn(bundle.bom()));
        try {
            out.addAll(bundle.check(needed).result().missing());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle " + bundleDir + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public boolean check(StepContext ctx) {
        if (needs.isEmpty()) {
            return true;
        }
        BundleDownload bundle = bundle();
        return missing(bundle, needs.of(bundle.bom())).isEmpty();
    }

    @Override
    public void apply(StepContext ctx) throws IOException, InterruptedException {
        BundleDownload bundle = bundle();
        Bom needed = needs.of(bundle.bom());
        List<String> missing = missing(bundle, needed);
        if (policy.offline()) {
            throw cannotFetch(missing, "--offline forbids fetching them", "");
        }
        Bom fetch = bundle.missing(needed);
        List<String> sources = bundle.sources(fetch);
        if (sources.isEmpty()) {
            throw unfetchable(missing);
        }
        Optional<String> unreachable = Network.unreachable(sources.getFirst(), policy.mirror());
        if (unreachable.isPresent()) {
            throw cannotFetch(missing, "the network does not allow fetching them: " + unreachable.get(),
                    "; or give --mirror BASE to fetch them from a mirror this machine reaches");
        }
        ctx.info("fetching " + count(fetch) + " missing from " + bundleDir + " from "
                + policy.mirror().base().orElse("upstream"));
        BundleDownload.Outcome outcome = bundle.fetch(fetch, new DownloadSink() {
            @Override
            public void file(DownloadEvent event) {
                switch (event) {
                    case DownloadEvent.Done d -> ctx.info((d.cached() ? "present " : "ok      ") + d.file().relativePath());
                    case DownloadEvent.Failed f -> ctx.warn("FAILED  " + f.message());
                    case DownloadEvent.Retrying r -> ctx.info("retry " + r.file().label() + ": " + r.reason());
                    case DownloadEvent.Started s -> { }
                    case DownloadEvent.Progress p -> { }
                }
            }

            @Override
            public void line(String text) {
                ctx.info(text);
            }
        });
        outcome.summary().forEach(ctx::info);
        if (!outcome.ok()) {
            throw new OpsException("fetching what bundle " + bundleDir + " lacked failed:" + lines(outcome.failures())
                    + "\nwhat was verified stays; fix the cause (or give --mirror BASE) and run again");
        }
        List<String> left = missing(bundle, needed);
        if (!left.isEmpty()) {
            throw unfetchable(left);
        }
    }

    private OpsException unfetchable(List<String> missing) {
        return new OpsException("bundle " + bundleDir + " lacks what no download can fetch:" + lines(missing)
                + "\nfix the config or the catalog (a private registry for the images, a version the catalog knows)");
    }

    private OpsException cannotFetch(List<String> missing, String why, String orElse) {
        return new OpsException("bundle " + bundleDir + " lacks " + missing.size() + " item(s) this run needs, and " + why
                + ":" + lines(missing) + "\nrun `kubexm download --cluster=" + cluster
                + (policy.oses().isEmpty() ? "" : " --os " + String.join(",", policy.oses()))
                + "` on a machine with internet access, carry its build/packages over to this machine's " + bundleDir
                + " and run this again" + orElse);
    }

    private static String lines(List<String> items) {
        StringBuilder b = new StringBuilder();
        items.forEach(i -> b.append("\n  - ").append(i));
        return b.toString();
    }

    private static String count(Bom bom) {
        return bom.files().size() + " file(s), " + bom.images().size() + " image(s), " + bom.packages().size()
                + " OS package repositories";
    }
}
