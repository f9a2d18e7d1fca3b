package io.kubexm.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layer arrows of DESIGN.md section 2: a dependency pointing the other way fails the build. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Test fixtures shared as test-jars are tests too, wherever they sit on the class path.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.kubexm");

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("cli").definedBy("io.kubexm.cli..")
                .layer("ops").definedBy("io.kubexm.ops..")
                .layer("lab").definedBy("io.kubexm.lab..")
                .layer("templates").definedBy("io.kubexm.templates..")
                .layer("pki").definedBy("io.kubexm.pki..")
                .layer("artifacts").definedBy("io.kubexm.artifacts..")
                .layer("runner").definedBy("io.kubexm.runner..")
                .layer("connector").definedBy("io.kubexm.connector..")
                .layer("engine").definedBy("io.kubexm.engine..")
                .layer("api").definedBy("io.kubexm.api..")
                .layer("util").definedBy("io.kubexm.util..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("ops").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("lab").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("templates").mayOnlyBeAccessedByLayers("ops", "cli")
                .whereLayer("pki").mayOnlyBeAccessedByLayers("ops", "cli")
                .whereLayer("artifacts").mayOnlyBeAccessedByLayers("ops", "cli")
                .whereLayer("runner").mayOnlyBeAccessedByLayers("ops", "cli")
                .whereLayer("connector").mayOnlyBeAccessedByLayers("runner", "ops", "lab", "cli")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("ops", "cli")
                .whereLayer("api").mayOnlyBeAccessedByLayers(
                        "engine", "pki", "templates", "artifacts", "ops", "lab", "cli")
                .whereLayer("util").mayOnlyBeAccessedByLayers(
                        "api", "engine", "connector", "runner", "pki", "templates", "artifacts", "ops", "lab", "cli")
                .check(CLASSES);
    }
}
