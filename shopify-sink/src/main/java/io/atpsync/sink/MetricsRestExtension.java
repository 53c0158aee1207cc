package io.atpsync.sink;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

/**
 * {@code GET /metrics} on the Connect worker's REST port, in Prometheus text: every numeric {@code kafka.connect} JMX
 * attribute, the connectors' consumers' {@code records-lag-max}, (worker, connector, task and the sink's own plugin
 * metrics: batches, changes, cost, throttle waits, retries, DLQ) as a Micrometer counter ({@code …-total}:
 * {@code _total}) or gauge, in seconds where Kafka says ms ({@link MetricNaming}), tagged with the MBean's keys. Enable
 * with {@code rest.extension.classes=io.atpsync.sink.MetricsRestExtension}.
 */
public final class MetricsRestExtension implements ConnectRestExtension {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Meter> bound = new ConcurrentHashMap<>();
    /** {@link SinkAlarms}' counters per shop (not JMX: they outlive the task). */
    private final Map<String, Meter> alarms = new ConcurrentHashMap<>();

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    /** The connectors' consumers, whole (not per partition): {@code records-lag-max} is the sink's lag. */
    private static final ObjectName SINK_CONSUMERS =
            objectName("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=connector-consumer-*");

    private static ObjectName objectName(String pattern) {
        try {
            return new ObjectName(pattern);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(pattern, e);
        }
    }

    @Override
    public void register(ConnectRestExtensionContext context) {
        context.configurable().register(new Resource(this));
        context.configurable().register(new AtpSyncResource());
    }

    /**
     * ATP Sync's own JSON next to Connect's endpoints: {@code GET /atp-sync/bulk}, the bulk hard syncs of this worker's
     * tasks per hard sync and location (phase, operation, lines, lines done, stale lines, items written directly, items
     * dead-lettered); {@code GET /atp-sync/reconcile}, the last complete reconciliation and those running.
     */
    @Path("/atp-sync")
    public static final class AtpSyncResource {
        @GET
        @Path("bulk")
        @Produces("application/json")
        public String bulk() throws com.fasterxml.jackson.core.JsonProcessingException {
            return io.atpsync.shopify.ShopifyHttp.JSON.writeValueAsString(BulkProgress.all());
        }

        @GET
        @Path("reconcile")
        @Produces("application/json")
        public String reconcile() throws com.fasterxml.jackson.core.JsonProcessingException {
            return io.atpsync.shopify.ShopifyHttp.JSON.writeValueAsString(Reconciliations.describe());
        }
    }

    /** The JAX-RS resource; Connect's Jersey serves it next to its own endpoints. */
    @Path("/metrics")
    public static final class Resource {
        private final MetricsRestExtension extension;

        Resource(MetricsRestExtension extension) {
            this.extension = extension;
        }

        @GET
        @Produces("text/plain; version=0.0.4; charset=utf-8")
        public String scrape() {
            return extension.scrape();
        }
    }

    synchronized String scrape() {
        try {
            Set<ObjectName> names = new java.util.HashSet<>(server.queryNames(new ObjectName("kafka.connect:*"), null));
            names.addAll(server.queryNames(SINK_CONSUMERS, null)); // the sink tasks' consumer lag
            bound.entrySet().removeIf(e -> {
                boolean gone = names.stream().noneMatch(n -> e.getKey().startsWith(n + "#"));
                if (gone) {
                    registry.remove(e.getValue());
                }
                return gone;
            });
            for (ObjectName name : names) {
                for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                    if (numeric(a.getType())
                            && (!SINK_CONSUMERS.apply(name) || a.getName().equals("records-lag-max"))) {
                        bound.computeIfAbsent(name + "#" + a.getName(), k -> meter(name, a.getName()));
                    }
                }
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("reading Connect's JMX metrics failed: " + e.getMessage(), e);
        }
        SinkAlarms.tokenFailures()
                .forEach((shop, count) -> alarms.computeIfAbsent(
                        shop,
                        k -> FunctionCounter.builder(
                                        "atp.sync.sink.token.failures",
                                        count,
                                        java.util.concurrent.atomic.AtomicLong::get)
                                .description(
                                        "Fatal errors of the shop's sink tasks that were its token's (401, 403, scope)")
                                .tag("shop", shop)
                                .register(registry)));
        return registry.scrape();
    }

    /** A counter or a gauge in base units, named by {@link MetricNaming}. */
    private Meter meter(ObjectName name, String attribute) {
        Tags tags = Tags.empty();
        for (Map.Entry<String, String> k : name.getKeyPropertyList().entrySet()) {
            if (!k.getKey().equals("type")) {
                tags = tags.and(k.getKey().replace('-', '_'), k.getValue());
            }
        }
        MetricNaming.Named n = MetricNaming.of(attribute);
        String metric = name.getDomain() + "." + name.getKeyProperty("type") + "." + n.name();
        try {
            return n.counter()
                    ? FunctionCounter.builder(metric, this, x -> read(name, attribute) * n.scale())
                            .tags(tags)
                            .register(registry)
                    : Gauge.builder(metric, () -> read(name, attribute) * n.scale())
                            .tags(tags)
                            .register(registry);
        } catch (IllegalArgumentException e) {
            // Prometheus wants one label set per name; Connect has a few names with two (skip the second).
            return null;
        }
    }

    private double read(ObjectName name, String attribute) {
        try {
            Object v = server.getAttribute(name, attribute);
            return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
        } catch (javax.management.JMException e) {
            return Double.NaN;
        }
    }

    private static boolean numeric(String type) {
        return Set.of(
                        "double",
                        "long",
                        "int",
                        "float",
                        "java.lang.Double",
                        "java.lang.Long",
                        "java.lang.Integer",
                        "java.lang.Float")
                .contains(type);
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public String version() {
        return ShopifySinkConnector.VERSION;
    }

    @Override
    public void close() {
        registry.close();
    }
}
