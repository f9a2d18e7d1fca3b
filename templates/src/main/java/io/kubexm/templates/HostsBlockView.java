package io.kubexm.templates;

import java.util.List;

/** `hosts/hosts.block`: the managed block kubexm keeps in every node's /etc/hosts. */
public record HostsBlockView(List<Entry> entries) implements TemplateView {

    public record Entry(String address, List<String> names) {
        public Entry {
            names = List.copyOf(names);
        }
    }

    public HostsBlockView {
        entries = List.copyOf(entries);
    }

    @Override
    public String template() {
        return "hosts/hosts.block";
    }
}
