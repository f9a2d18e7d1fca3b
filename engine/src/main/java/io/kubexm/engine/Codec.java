package io.kubexm.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kubexm.util.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * JSON for blackboard values (persisted in the state database) and input hashes. A
 * {@link Secret} is written with its value here, because the state database must give a
 * resumed run its join token back; that file is private (0600) and is never a log.
 */
final class Codec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("kubexm-secret")
                    .addSerializer(Secret.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Secret s, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(s.reveal());
                        }
                    })
                    .addDeserializer(Secret.class, new JsonDeserializer<>() {
                        @Override
                        public Secret deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            return Secret.of(p.getValueAsString());
                        }
                    }))
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .build();

    /**
     * For hashing only: sets are written in a canonical order, because the iteration order of
     * {@code Set.of} differs between processes and a resumed run must hash the same inputs alike.
     */
    private static final ObjectMapper FINGERPRINT = MAPPER.copy().registerModule(new SimpleModule("kubexm-sorted-sets") {
        @Override
        public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.addBeanSerializerModifier(new BeanSerializerModifier() {
                @Override
                public JsonSerializer<?> modifyCollectionSerializer(SerializationConfig config, CollectionType type,
                                                                    BeanDescription description, JsonSerializer<?> serializer) {
                    return Set.class.isAssignableFrom(type.getRawClass()) ? new SortedSetSerializer() : serializer;
                }

                // Jackson writes a lambda as {}, which would hash every lambda alike: refuse it instead
                @Override
                public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                          JsonSerializer<?> serializer) {
                    Class<?> type = description.getBeanClass();
                    return type.isSynthetic() || type.isHidden() ? new RefusingSerializer() : serializer;
                }
            });
        }
    });

    private static final class SortedSetSerializer extends JsonSerializer<Collection<?>> {
        @Override
        public void serialize(Collection<?> set, JsonGenerator g, SerializerProvider provider) throws IOException {
            ObjectMapper mapper = (ObjectMapper) g.getCodec();
            List<String> items = new ArrayList<>();
            for (Object item : set) {
                items.add(mapper.writeValueAsString(item));
            }
            Collections.sort(items);
            g.writeStartArray();
            for (String item : items) {
                g.writeRawValue(item);
            }
            g.writeEndArray();
        }
    }

    private static final class RefusingSerializer extends JsonSerializer<Object> {
        @Override
        public void serialize(Object value, JsonGenerator g, SerializerProvider provider) throws IOException {
            throw JsonMappingException.from(g, value.getClass().getName() + " is code, not data");
        }
    }

    private Codec() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize a " + value.getClass().getName()
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** JSON of {@code inputs} for hashing, or its {@code toString()} when it is no plain data. */
    static String fingerprint(Object inputs) {
        try {
            return FINGERPRINT.writeValueAsString(inputs);
        } catch (JsonProcessingException | RuntimeException e) {
            return inputs.getClass().getName() + ":" + inputs;
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read a " + type.getName() + " from the state database: "
                    + e.getOriginalMessage(), e);
        }
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
