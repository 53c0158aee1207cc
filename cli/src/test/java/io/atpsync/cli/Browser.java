package io.atpsync.cli;

import io.atpsync.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its chromedriver (packages {@code chromium} and {@code chromium-driver};
 * {@code .ci/run} installs them). Selenium never downloads a browser here.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("atpsync.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("atpsync.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts a headless Chromium, or skips the test with the install command when there is none. */
    static Browser start(Path profile) {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no " + CHROMIUM + " / " + CHROMEDRIVER + ": apt-get install chromium chromium-driver (.ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags a closed network needs: no background connections, no component updates.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        return new Browser(new ChromeDriver(service, options));
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits until the element's text equals {@code expected}; returns it. */
    String awaitText(String css, String expected) {
        try {
            Await.until(
                    css + " to read '" + expected + "'", Duration.ofSeconds(60), () -> expected.equals(textOr(css)));
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + " (it reads '" + textOr(css) + "'; page errors " + errors() + ")", e);
        }
        return textOr(css);
    }

    String textOr(String css) {
        List<org.openqa.selenium.WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getText().trim();
    }

    /** Errors the page recorded itself (window.onerror, rejected promises) and the console's SEVERE entries. */
    List<String> errors() {
        List<String> errors = new java.util.ArrayList<>();
        Object own = driver.executeScript("return window.dashboardErrors || ['dashboard.js did not run'];");
        ((List<?>) own).forEach(e -> errors.add("page: " + e));
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add("console: " + e.getMessage());
            }
        }
        return errors;
    }

    /**
     * Pixels of the element's screenshot within {@code tolerance} (per channel) of {@code rgb}: a plotted series in its
     * colour, anti-aliasing allowed for.
     */
    long pixelsNear(String css, int rgb, int tolerance) throws java.io.IOException {
        byte[] png = driver.findElement(By.cssSelector(css)).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= tolerance
                        && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= tolerance
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The page as it looks now, as a PNG at {@code file}. */
    void screenshot(Path file) throws java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
