package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.Topics;
import io.atpsync.testing.CommandRun;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Configuration and threshold files: validated whole, published in one transaction; thresholds exported back. */
@ExtendWith(KafkaBrokerExtension.class)
class ConfigImportIT {

    private static DevSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = new DevSchemaRegistry(0);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static String[] args(KafkaBroker kafka, Topics topics, String... more) {
        List<String> a = new ArrayList<>(List.of(more));
        a.addAll(List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--registry-url",
                registry.url(),
                "--topic-prefix",
                topics.prefix()));
        return a.toArray(String[]::new);
    }

    @Test
    void shouldImportGoodConfigAndRefuseABadFileNamingEachLine(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("cfg-" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 2, (short) 1);
        Path good = Files.writeString(
                dir.resolve("facilities.csv"),
                "facilityId,name,type,sellsOnline\nstore-1,\"Downtown, "
                        + "Main St\",STORE,true\nwh-1,Warehouse,WAREHOUSE,false\n");
        Path bad = Files.writeString(
                dir.resolve("mappings.csv"),
                String.join(
                                "\n",
                                "shopifyLocationId,shop,facilityIds,queueFacilityId",
                                "gid://shopify/Location/1,demo.myshopify.com,store-1;wh-1,queue",
                                "Location 2,demo.myshopify.com,store-2,",
                                "gid://shopify/Location/3,demo.myshopify.com,,",
                                "gid://shopify/Location/1,demo.myshopify.com,store-9,")
                        + "\n");
        Path pf = Files.writeString(
                dir.resolve("pf.csv"), "sku,facilityId,safetyStock,allowOnline\nSKU-A,store-1,-2,yes\n");

        CommandRun ok = CliRun.of(args(kafka, topics, "config", "import", "facilities", good.toString()));
        CommandRun refused = CliRun.of(args(kafka, topics, "config", "import", "location-mappings", bad.toString()));
        CommandRun refusedPf = CliRun.of(args(kafka, topics, "config", "import", "product-facility", pf.toString()));

        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.out()).contains("published 2 facilities record(s)");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err())
                .contains(
                        "mappings.csv:3: shopifyLocationId 'Location 2' is not a Shopify location gid",
                        "mappings.csv:4: facilityIds is empty",
                        "mappings.csv:5: key gid://shopify/Location/1 appears twice (first at line 2)",
                        "nothing was published");
        assertThat(refusedPf.err()).contains("pf.csv:2: safetyStock -2 must be between 0");
    }

    @Test
    void shouldExportTheCurrentThresholdsFilteredLikeTheOldJob(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("thr-" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 2, (short) 1);
        Path first = Files.writeString(
                dir.resolve("t1.csv"),
                "sku,threshold,shopifyLocationId\nSKU-A,5,\nSKU-B,1,\nSKU-A,2,gid://shopify/Location/7\n");
        Path update = Files.writeString(dir.resolve("t2.csv"), "sku,threshold\nSKU-B,9\n");
        assertThat(CliRun.of(args(kafka, topics, "thresholds", "import", first.toString()))
                        .exitCode())
                .isZero();
        assertThat(CliRun.of(args(kafka, topics, "thresholds", "import", update.toString()))
                        .exitCode())
                .isZero();

        CommandRun all = CliRun.of(args(kafka, topics, "thresholds", "export"));
        CommandRun high = CliRun.of(args(kafka, topics, "thresholds", "export", "--min", "5"));

        assertThat(all.out().lines().toList())
                .containsExactly(
                        "sku,threshold,shopifyLocationId", "SKU-A,5,", "SKU-A,2,gid://shopify/Location/7", "SKU-B,9,");
        assertThat(high.out().lines().toList())
                .containsExactly("sku,threshold,shopifyLocationId", "SKU-A,5,", "SKU-B,9,");
    }

    /** Ring-fencing (issue 20, requirement 4): shares in, checked together with those already published, and out. */
    @Test
    void shouldImportFacilitySharesCheckedWithThosePublishedAndExportThem(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("shr-" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 2, (short) 1);
        Path first = Files.writeString(
                dir.resolve("shares.csv"),
                "facilityId,shop,percent,units\nwh-1,us.myshopify.com,60,\nwh-1,ca.myshopify.com,,\n"
                        + "wh-2,ca.myshopify.com,,5\n");
        // 60% already published for the US: 50% more for Mexico is 110%; and a second remainder shop for wh-1.
        Path tooMuch = Files.writeString(
                dir.resolve("shares-2.csv"),
                "facilityId,shop,percent,units\nwh-1,mx.myshopify.com,50,\nwh-2,us.myshopify.com,,\n"
                        + "wh-2,mx.myshopify.com,,\n");
        Path both = Files.writeString(
                dir.resolve("shares-3.csv"), "facilityId,shop,percent,units\nwh-3,us.myshopify.com,10,4\n");

        CommandRun ok = CliRun.of(args(kafka, topics, "config", "import", "facility-shares", first.toString()));
        CommandRun refused = CliRun.of(args(kafka, topics, "config", "import", "facility-shares", tooMuch.toString()));
        CommandRun refusedBoth = CliRun.of(args(kafka, topics, "config", "import", "facility-shares", both.toString()));
        CommandRun export = CliRun.of(args(kafka, topics, "config", "export", "facility-shares"));

        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.out()).contains("published 3 facility-shares record(s)");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err())
                .contains(
                        "shares-2.csv: facility wh-1 (with the shares already published): the percentages add up to"
                                + " 110, more than 100",
                        "shares-2.csv: facility wh-2 (with the shares already published): 2 shops take the remainder",
                        "nothing was published");
        assertThat(refusedBoth.err())
                .contains("wh-3 (with the shares already published): us.myshopify.com: a percent"
                        + " or units, not both");
        assertThat(export.exitCode()).as(export.output()).isZero();
        assertThat(export.out().lines().toList())
                .containsExactly(
                        "facilityId,shop,percent,units",
                        "wh-1,ca.myshopify.com,,",
                        "wh-1,us.myshopify.com,60,",
                        "wh-2,ca.myshopify.com,,5");
    }

    /** Kits (issue 20, requirement 1): one row per component, grouped into one definition per kit. */
    @Test
    void shouldImportKitsOneRowPerComponentAndRefuseABadFileNamingEachLine(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("kit-" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 2, (short) 1);
        Path good = Files.writeString(
                dir.resolve("kits.csv"), "kitSku,componentSku,quantity\nGIFT,MUG,2\nGIFT,TEA,1\nDUO,MUG,2\n");
        Path bad = Files.writeString(
                dir.resolve("kits-bad.csv"),
                "kitSku,componentSku,quantity\nGIFT,MUG,0\nGIFT,GIFT,1\nGIFT,TEA,two\nDUO,MUG,1\nDUO,MUG,2\n");

        CommandRun ok = CliRun.of(args(kafka, topics, "config", "import", "kits", good.toString()));
        CommandRun refused = CliRun.of(args(kafka, topics, "config", "import", "kits", bad.toString()));

        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.out()).contains("published 2 kit(s)");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err())
                .contains(
                        "kits-bad.csv:2: quantity 0 must be at least 1",
                        "kits-bad.csv:3: a kit cannot be its own component",
                        "kits-bad.csv:4: quantity 'two' is not a whole number",
                        "kits-bad.csv:6: MUG appears twice in kit DUO (first at line 5)",
                        "nothing was published");
        KafkaOptions options = new KafkaOptions();
        options.bootstrapServers = kafka.bootstrapServers();
        options.registryUrl = registry.url();
        options.topicPrefix = topics.prefix();
        java.util.Map<String, io.atpsync.schemas.Kit> kits = CompactedTopic.latest(options, topics.kits());
        assertThat(kits.get("GIFT").getComponents())
                .extracting(c -> c.getSku() + "x" + c.getQuantity())
                .containsExactly("MUGx2", "TEAx1");
        assertThat(kits).containsOnlyKeys("GIFT", "DUO");
    }
}
