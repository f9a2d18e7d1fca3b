package io.kubexm.templates;

/**
 * The data one template sees: a small record per template. Its components are the template's
 * variables, nothing else is visible to it.
 */
public interface TemplateView {

    /** The template's path relative to `templates/`, e.g. `etcd/etcd.service`. */
    String template();
}
