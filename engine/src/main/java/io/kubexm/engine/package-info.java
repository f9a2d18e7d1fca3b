/**
 * Plan, then execute: the engine knows nothing about Kubernetes, SSH or runners.
 *
 * <p>The layer above writes {@link io.kubexm.engine.Step}s, groups them into
 * {@link io.kubexm.engine.Task}s inside {@link io.kubexm.engine.Module}s of a
 * {@link io.kubexm.engine.Pipeline}, and then:
 *
 * <pre>{@code
 * Plan plan = Planner.plan(pipeline, input);            // pure; PlanException lists every problem
 * String text = PlanRenderer.text(plan);                // or PlanRenderer.json(plan)
 *
 * RunFiles files = new RunFiles(Path.of("build", cluster));
 * try (StateStore state = StateStore.open(files.stateDatabase())) {
 *     Executor executor = Executor.builder(state)
 *             .logDirectory(files.logDirectory())
 *             .sink(new ConsoleEventSink(System.out))
 *             .concurrency(50)
 *             .dryRun(false)
 *             .secrets(passwords)                        // masked in every event and error
 *             .services(host -> Services.builder()
 *                     .add(RUNNER, () -> openRunner(host)) // created on first use, closed after the run
 *                     .build())
 *             .build();
 *     RunResult result = resume
 *             ? executor.resume(plan, state.latestResumable(plan.pipeline()).orElseThrow().id())
 *             : executor.run(plan);
 *     System.out.print(result.summary());
 * }
 * }</pre>
 *
 * <p>A step reaches its host's services with {@code ctx.service(RUNNER)}, where
 * {@code RUNNER} is a {@link io.kubexm.engine.ServiceKey} the layer above defines.
 */
package io.kubexm.engine;
