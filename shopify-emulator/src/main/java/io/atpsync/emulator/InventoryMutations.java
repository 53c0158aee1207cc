package io.atpsync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code inventoryAdjustQuantities} and {@code inventorySetQuantities} as API 2026-04+ has them:
 * {@code @idempotent(key:)} mandatory (same key replays the original result; same key with other input is a mismatch),
 * {@code changeFromQuantity} mandatory (null opts out of compare-and-swap), at most 250 entries, write_inventory
 * required.
 */
final class InventoryMutations {

    static final int MAX_ENTRIES = 250;
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private InventoryMutations() {}

    static Object adjust(DataFetchingEnvironment env) {
        return run(
                env,
                "changes",
                (shop, input, entries, key, params) -> shop.adjust(
                        (String) input.get("name"),
                        (String) input.get("reason"),
                        (String) input.get("referenceDocumentUri"),
                        entries,
                        key,
                        params),
                "delta");
    }

    static Object set(DataFetchingEnvironment env) {
        return run(
                env,
                "quantities",
                (shop, input, entries, key, params) -> shop.set(
                        (String) input.get("name"),
                        (String) input.get("reason"),
                        (String) input.get("referenceDocumentUri"),
                        entries,
                        key,
                        params),
                "quantity");
    }

    @FunctionalInterface
    private interface Apply {
        Shop.MutationResult apply(
                Shop shop, Map<String, Object> input, List<Shop.ChangeInput> entries, String key, String params);
    }

    @SuppressWarnings("unchecked")
    private static Object run(DataFetchingEnvironment env, String listField, Apply apply, String valueField) {
        Shop shop = InventoryWiring.shop(env);
        shop.stats.mutations.incrementAndGet();
        if (!InventoryWiring.allowed(env, "write_inventory")) {
            return DataFetcherResult.newResult()
                    .error(InventoryWiring.accessDenied(env, "write_inventory"))
                    .build();
        }
        String field = env.getField().getName();
        Optional<String> key = InventoryWiring.idempotencyKey(env);
        if (key.isEmpty() || key.get() == null || key.get().isBlank()) {
            return error(
                    env,
                    "The @idempotent(key:) directive is required for " + field + " from API version 2026-04; "
                            + "the key cannot be empty or whitespace.",
                    "BAD_REQUEST");
        }
        Map<String, Object> input = env.getArgument("input");
        List<Map<String, Object>> raw = (List<Map<String, Object>>) input.get(listField);
        if (raw.size() > MAX_ENTRIES) {
            return error(
                    env,
                    "The input array size of " + raw.size() + " is greater than the maximum allowed of " + MAX_ENTRIES
                            + ".",
                    "MAX_INPUT_SIZE_EXCEEDED");
        }
        List<Shop.ChangeInput> entries = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Map<String, Object> c = raw.get(i);
            if (!c.containsKey("changeFromQuantity")) {
                return error(
                        env,
                        "Variable $input." + listField + "[" + i + "].changeFromQuantity is required from API version "
                                + "2026-04: pass the expected quantity, or null to skip the compare-and-swap check.",
                        "BAD_REQUEST");
            }
            Number from = (Number) c.get("changeFromQuantity");
            entries.add(new Shop.ChangeInput(
                    (String) c.get("inventoryItemId"),
                    (String) c.get("locationId"),
                    ((Number) c.get(valueField)).longValue(),
                    true,
                    from == null ? null : from.longValue()));
        }
        String params = canonical(Map.of("field", field, "input", input));
        Shop.MutationResult result =
                shop.replay(key.get(), params).orElseGet(() -> apply.apply(shop, input, entries, key.get(), params));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("inventoryAdjustmentGroup", result.group());
        graphql.schema.GraphQLEnumType codes = (graphql.schema.GraphQLEnumType) env.getGraphQLSchema()
                .getType(field.substring(0, 1).toUpperCase() + field.substring(1) + "UserErrorCode");
        payload.put(
                "userErrors",
                result.userErrors().stream()
                        .map(u -> Map.of("field", u.field(), "message", u.message(), "code", codeIn(codes, u.code())))
                        .toList());
        return payload;
    }

    /**
     * A code this version's enum has. 2026-07 and 2026-10 dropped ITEM_NOT_STOCKED_AT_LOCATION from the mutation error
     * enums: an unstocked item is then reported as INVALID_LOCATION (same message).
     */
    private static String codeIn(graphql.schema.GraphQLEnumType codes, String code) {
        if (codes == null || codes.getValue(code) != null) {
            return code;
        }
        return code.equals("ITEM_NOT_STOCKED_AT_LOCATION") ? "INVALID_LOCATION" : "ADJUST_QUANTITIES_FAILED";
    }

    private static Object error(DataFetchingEnvironment env, String message, String code) {
        return DataFetcherResult.newResult()
                .error(GraphqlErrorBuilder.newError(env)
                        .message(message)
                        .extensions(Map.of("code", code))
                        .build())
                .build();
    }

    private static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
