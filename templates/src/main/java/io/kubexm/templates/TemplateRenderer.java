package io.kubexm.templates;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.loader.DelegatingLoader;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.loader.Loader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders {@link TemplateView}s with Pebble. Templates are resources under `templates/`; a file at
 * the same relative path under the override directory (`conf/NAME/templates/`) wins. Undefined
 * variables and attributes are errors, never empty strings.
 */
public final class TemplateRenderer {
    private final PebbleEngine engine;
    private final Optional<Path> overrideDir;

    public TemplateRenderer(Optional<Path> overrideDir) {
        this.overrideDir = overrideDir;
        List<Loader<?>> loaders = new ArrayList<>();
        overrideDir.ifPresent(dir -> {
            FileLoader files = new FileLoader();
            files.setPrefix(dir.toAbsolutePath().toString());
            loaders.add(files);
        });
        ClasspathLoader resources = new ClasspathLoader(TemplateRenderer.class.getClassLoader());
        resources.setPrefix("templates");
        loaders.add(resources);
        this.engine = new PebbleEngine.Builder()
                .loader(new DelegatingLoader(loaders))
                .strictVariables(true)
                .autoEscaping(false)
                .newLineTrimming(false)
                .build();
    }

    /** Where a template comes from: the user's override file, or the built-in resource. */
    public String source(String template) {
        return overrideDir.map(d -> d.resolve(template))
                .filter(Files::isRegularFile)
                .map(Path::toString)
                .orElse("classpath:templates/" + template);
    }

    public String render(TemplateView view) {
        String template = view.template();
        try {
            StringWriter out = new StringWriter();
            engine.getTemplate(template).evaluate(out, variables(view));
            return out.toString();
        } catch (PebbleException e) {
            throw new IllegalArgumentException("template " + source(template) + " line " + e.getLineNumber()
                    + ": " + e.getPebbleMessage() + " (variables available: " + variables(view).keySet() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + source(template) + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> variables(TemplateView view) {
        Class<?> type = view.getClass();
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " must be a record: a view's components are its variables");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            try {
                vars.put(c.getName(), c.getAccessor().invoke(view));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + c.getName(), e);
            }
        }
        return vars;
    }
}
