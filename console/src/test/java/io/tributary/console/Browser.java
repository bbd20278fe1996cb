package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The real browser the console's and the portal's browser tests drive: Debian's {@code chromium}, headless, through
 * {@code chromium-driver} ({@code .ci/run} installs both when missing), in a given time zone so that the pages' local
 * times can be checked, and the screenshots every screen leaves under {@code target/screenshots}.
 */
public final class Browser {

    /** Where every browser test saves its screenshots. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {
    }

    /** A new headless chromium of {@code width} x {@code height} pixels whose clock shows times in {@code zone}. */
    public static WebDriver open(ZoneId zone, int width, int height) {
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        assertThat(chromium.canExecute()).as("Debian's chromium (apt-get install -y chromium chromium-driver)").isTrue();
        assertThat(driver.canExecute()).as("Debian's chromium-driver (apt-get install -y chromium chromium-driver)")
                .isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=" + width + "," + height, "--lang=en-GB");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .withEnvironment(Map.of("TZ", zone.getId())).build(), options);
    }

    /** Saves what {@code browser} shows as {@code target/screenshots/<name>}, replacing an earlier one. */
    public static void screenshot(WebDriver browser, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Closes {@code browser} and its driver, when one was opened. */
    public static void close(WebDriver browser) {
        if (browser != null) {
            browser.quit();
        }
    }
}
