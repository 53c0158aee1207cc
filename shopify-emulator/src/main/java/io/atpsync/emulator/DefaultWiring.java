package io.atpsync.emulator;

import static io.atpsync.emulator.InventoryWiring.*;

import graphql.schema.DataFetcher;
import graphql.schema.GraphQLScalarType;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import io.atpsync.emulator.Model.AdjustmentGroup;
import io.atpsync.emulator.Model.Item;
import io.atpsync.emulator.Model.Level;
import io.atpsync.emulator.Model.Location;
import io.atpsync.emulator.Model.Variant;

/** Type resolution by the emulator's record classes; unknown fields read as null. */
final class DefaultWiring implements WiringFactory {
    private static final TypeResolver BY_CLASS = env -> {
        Object o = env.getObject();
        String name = o instanceof Location
                ? "Location"
                : o instanceof Item
                        ? "InventoryItem"
                        : o instanceof Variant
                                ? "ProductVariant"
                                : o instanceof Level
                                        ? "InventoryLevel"
                                        : o instanceof AdjustmentGroup
                                                ? "InventoryAdjustmentGroup"
                                                : o instanceof BulkOperations.Op
                                                        ? "BulkOperation"
                                                        : o instanceof Model.Order
                                                                ? "Order"
                                                                : o instanceof Model.FulfillmentOrder
                                                                        ? "FulfillmentOrder"
                                                                        : null;
        return name == null ? null : env.getSchema().getObjectType(name);
    };

    @Override
    public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
        return true;
    }

    @Override
    public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
        return BY_CLASS;
    }

    @Override
    public boolean providesTypeResolver(UnionWiringEnvironment environment) {
        return true;
    }

    @Override
    public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
        return BY_CLASS;
    }

    @Override
    public boolean providesScalar(ScalarWiringEnvironment environment) {
        return !ScalarInfo.isGraphqlSpecifiedScalar(
                environment.getScalarTypeDefinition().getName());
    }

    @Override
    public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
        return passThrough(environment.getScalarTypeDefinition().getName());
    }

    @Override
    public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
        PropertyDataFetcher<Object> property =
                PropertyDataFetcher.fetching(environment.getFieldDefinition().getName());
        return env -> env.getSource() == null ? null : property.get(env);
    }
}
