package io.kubexm.ops.etcd;

import io.kubexm.connector.ExecResult;
import io.kubexm.engine.Step;
import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import io.kubexm.ops.OpsException;
import java.time.Duration;

/**
 * The verify of the etcd module: {@code etcdctl endpoint health --cluster} with the admin
 * certificate, and the expected number of members. Changes nothing; when the cluster is not healthy
 * yet it waits up to {@code wait} for it, then fails with etcdctl's output.
 */
public record EtcdHealth(String node, String endpoint, int members, Duration patience) implements Step {

    @Override
    public String name() {
        return "etcd-health";
    }

    @Override
    public String describe() {
        return "etcdctl endpoint health --cluster: " + members + " healthy member(s)";
    }

    @Override
    public Duration timeout() {
        return patience.plusMinutes(1);
    }

    private Etcdctl etcdctl() {
        return new Etcdctl(node, endpoint);
    }

    /** Empty when healthy, otherwise what is wrong. */
    private String problem(Node n) {
        ExecResult health = n.sh(etcdctl().command("endpoint health --cluster"));
        if (!health.ok()) {
            return (health.stdout() + health.stderr()).strip();
        }
        long healthy = health.stdout().lines().filter(l -> l.contains("is healthy")).count()
                + health.stderr().lines().filter(l -> l.contains("is healthy")).count();
        if (healthy != members) {
            return healthy + " healthy member(s), expected " + members + ":\n" + (health.stdout() + health.stderr()).strip();
        }
        return "";
    }

    @Override
    public boolean check(StepContext ctx) {
        return problem(Node.of(ctx)).isEmpty();
    }

    @Override
    public void apply(StepContext ctx) throws InterruptedException {
        Node n = Node.of(ctx);
        long deadline = System.nanoTime() + patience.toNanos();
        String problem = problem(n);
        while (!problem.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            problem = problem(n);
        }
        if (!problem.isEmpty()) {
            throw new OpsException("etcd on " + n.describe() + " is not healthy after " + patience.toSeconds() + " s: " + problem
                    + "\ncheck `journalctl -u etcd` on each member");
        }
    }
}
