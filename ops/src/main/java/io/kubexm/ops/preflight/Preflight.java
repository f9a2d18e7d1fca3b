package io.kubexm.ops.preflight;

import io.kubexm.api.Host;
import io.kubexm.engine.Module;
import io.kubexm.engine.Task;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.NodeAccess;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** MISSION.md's preflight: every node inspected in parallel, then one verdict with all problems. */
public final class Preflight implements Module<ClusterInput> {

    @Override
    public String name() {
        return "preflight";
    }

    @Override
    public List<Task> tasks(ClusterInput in) {
        Set<Check> skip = in.skipPreflight().stream()
                .map(id -> Check.byId(id).orElseThrow(() -> new IllegalArgumentException(
                        "--skip-preflight: unknown check '" + id + "'; checks are " + Check.ids())))
                .collect(Collectors.toSet());
        List<Host> hosts = in.topology().hosts();
        Task inspect = Task.perHost("inspect", NodeAccess.engineHosts(in.topology(), hosts), host -> List.of(
                new InspectNode(Expectations.of(in.topology(), in.topology().host(host.name()).orElseThrow(), skip))));
        Task verdict = Task.of("verdict", List.of(io.kubexm.engine.Host.controlNode()),
                new Verdict(hosts.stream().map(Host::name).toList())).after("inspect");
        return List.of(inspect, verdict);
    }
}
