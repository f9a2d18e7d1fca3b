package io.kubexm.engine;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event, for assertions. */
final class RecordingSink implements EventSink {
    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void emit(Event event) {
        events.add(event);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<String> messages(String stepName) {
        return events.stream().filter(e -> e.step().equals(stepName)).map(Event::message).toList();
    }
}
