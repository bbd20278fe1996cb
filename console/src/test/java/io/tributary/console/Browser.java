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

    /**
     * Clicks {@code element}, which leads to another page (a link, a form's button), and waits until the page it
     * was on is gone and the new one has loaded, so that what is read next is the new page's: a click returns as soon
     * as it is dispatched.
     */
    public static void follow(WebDriver browser, org.openqa.selenium.WebElement element) {
        org.openqa.selenium.WebElement page = browser.findElement(org.openqa.selenium.By.tagName("html"));
        element.click();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> {
                    try {
                        page.getTagName();
                        return false;
                    } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                        return true;
                    }
                });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> "complete".equals(
                        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return document.readyState")));
    }

    /** Closes {@code browser} and its driver, when one was opened. */
    public static void close(WebDriver browser) {
        if (browser != null) {
            browser.quit();
        }
    }
}
