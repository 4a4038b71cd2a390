/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's headless Chromium driven by Selenium through Debian's ChromeDriver (nothing
 * downloaded: both are given by path, so Selenium Manager never runs). Types a SciFact query and sees its relevant
 * document first, judged, beside the dense retriever's list; produces two runs, compares them and clicks a bar of
 * the chart to open that query side by side. Screenshots go to {@code target/screenshots} for the docs. Skipped
 * when Chromium or ChromeDriver is missing, except under CI ({@code CI=true}), where that fails: {@code .ci/run}
 * installs both.
 */
class BrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  static TestServer t;
  static WebDriver driver;
  static Path profile;

  @BeforeAll
  static void start() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(CHROMIUM + " or " + CHROMEDRIVER + " is missing, and CI=true: .ci/run installs them"
          + " (apt-get install chromium chromium-driver)");
    }
    if (!present) {
      System.err.println("SKIPPED: the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
          + " (apt-get install chromium chromium-driver)");
    }
    assumeTrue(present, "no " + CHROMIUM + " or " + CHROMEDRIVER + "; apt-get install chromium chromium-driver");
    t = TestServer.get();
    RunsApiTest.deleteAll(t);
    profile = Files.createTempDirectory("quarry-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // root, no network: no sandbox, and none of Chromium's background calls home
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (t != null) {
      RunsApiTest.deleteAll(t);
    }
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(60));
  }

  WebElement id(String id) {
    return driver.findElement(By.id(id));
  }

  void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name), png);
  }

  @Test
  void searchSideBySideThenCompareRunsAndOpenAQueryFromTheChart() throws IOException {
    driver.get(t.url("/"));
    waiting().until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));

    id("q").sendKeys(SearchApiTest.QUERY);
    assertEquals("bm25", new Select(id("retriever-a")).getFirstSelectedOption().getDomAttribute("value"));
    new Select(id("retriever-b")).selectByValue("dense");
    id("search-button").click();
    By firstLeft = By.cssSelector("#side-a .hits li");
    waiting().until(d -> !d.findElements(firstLeft).isEmpty() && !d.findElements(By.cssSelector("#side-b .hits li"))
        .isEmpty());
    WebElement top = driver.findElement(firstLeft);
    assertEquals(SearchApiTest.RELEVANT, top.getDomAttribute("data-id"), "the relevant document first");
    assertTrue(top.getText().contains("Open Access Increases Citation Rate"), top.getText());
    assertEquals("grade 1", top.findElement(By.cssSelector(".grade")).getText());
    assertTrue(top.findElement(By.cssSelector(".snippet mark")).isDisplayed(), "the query's terms are marked");
    assertTrue(id("side-a").findElement(By.className("side-meta")).getText().contains("nDCG@10 1.0000"),
        id("side-a").getText());
    List<WebElement> both = driver.findElements(By.cssSelector("#side-a li.both"));
    assertTrue(!both.isEmpty(), "documents both retrievers found are linked");
    String linked = both.get(0).getDomAttribute("data-id");
    assertEquals("#b-" + linked, both.get(0).findElement(By.cssSelector("a.other")).getDomAttribute("href"));
    assertEquals(1, driver.findElements(By.id("b-" + linked)).size(), "the link's target is on the other side");
    screenshot("search.png");

    id("tab-eval").click();
    for (String retriever : List.of("bm25", "dense")) {
      new Select(id("produce-retriever")).selectByValue(retriever);
      id("produce-button").click();
      String name = "scifact-" + retriever;
      waiting().until(d -> !d.findElements(By.cssSelector("#run-a option[value='" + name + "']")).isEmpty());
    }
    new Select(id("run-a")).selectByValue("scifact-bm25");
    new Select(id("run-b")).selectByValue("scifact-dense");
    id("compare-button").click();
    waiting().until(d -> d.findElement(By.id("stats")).getDomAttribute("data-randomization-p") != null);
    JsonNode api = t.get("/api/compare?a=scifact-bm25&b=scifact-dense").json();
    assertEquals(api.get("randomization_p").asDouble(),
        Double.parseDouble(id("stats").getDomAttribute("data-randomization-p")), 1e-12);
    assertEquals(api.get("t_test_p").asDouble(), Double.parseDouble(id("stats").getDomAttribute("data-t-test-p")),
        1e-12);
    assertTrue(id("stats").getText().contains("randomization test p"), id("stats").getText());
    assertEquals(300, driver.findElements(By.cssSelector("#per-query tbody tr")).size());
    screenshot("compare.png");

    // click the first bar (the query where dense gains most) in the chart's canvas
    JsonNode first = api.get("per_query").get(0);
    @SuppressWarnings("unchecked")
    List<Number> pixel = (List<Number>) ((JavascriptExecutor) driver).executeScript(
        "const c = window.quarry.chart; return c.convertToPixel({seriesIndex: 0}, [0, arguments[0] / 2]);",
        first.get("delta").asDouble());
    WebElement chart = id("chart");
    int dx = (int) Math.round(pixel.get(0).doubleValue() - chart.getSize().getWidth() / 2.0);
    int dy = (int) Math.round(pixel.get(1).doubleValue() - chart.getSize().getHeight() / 2.0);
    new Actions(driver).moveToElement(chart, dx, dy).click().perform();
    waiting().until(d -> first.get("qid").asText().equals(d.findElement(By.tagName("body"))
        .getDomAttribute("data-opened")));
    assertTrue(id("side-a").getText().startsWith("A: scifact-bm25"), id("side-a").getText());
    assertTrue(id("side-b").getText().startsWith("B: scifact-dense"), id("side-b").getText());
    assertEquals(first.get("query").asText(), id("q").getDomProperty("value"));
    screenshot("query.png");
  }
}
