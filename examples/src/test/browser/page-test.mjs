// End-to-end test of the server's web page in headless Chromium: Debian's chromium package driven by
// playwright-core (no browser is downloaded). Starts `deepface-cli.jar serve` on a free loopback port with a
// gallery, uploads real photos from ../shared/datasets at a phone's width, checks what the page shows, saves
// screenshots under examples/target/browser/, stops the server with SIGTERM and expects exit code 0.
// Run from anywhere: node examples/src/test/browser/page-test.mjs (after `mvn package`).
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../../..");
const shared = process.env.DEEPFACE_TEST_SHARED || path.resolve(repo, "../shared");
const datasets = path.join(shared, "datasets");
const jar = path.join(repo, "examples/target/deepface-cli.jar");
const shots = path.join(repo, "examples/target/browser");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const PHONE = { width: 390, height: 844 };

// The whole run is bounded: a hung browser or server fails the test instead of holding CI.
const deadline = setTimeout(() => fail("the browser test took longer than 6 minutes"), 6 * 60 * 1000);
let server;
let failed = false;

function fail(message) {
  failed = true;
  console.error("FAIL: " + message);
  if (server && server.exitCode === null) server.kill("SIGKILL");
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
  console.log("ok - " + message);
}

function lfwPairs() {
  const lines = fs.readFileSync(path.join(datasets, "lfw-dev/pairs.txt"), "utf8").trim().split("\n").slice(1);
  const img = (name, i) => path.join(datasets, "lfw-dev/images", name, `${name}_${String(i).padStart(4, "0")}.jpg`);
  const same = [];
  const different = [];
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    if (f.length === 3) same.push([img(f[0], +f[1]), img(f[0], +f[2])]);
    else different.push([img(f[0], +f[1]), img(f[2], +f[3])]);
  }
  return { same, different };
}

function gallery() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deepface-page-gallery-"));
  for (const person of ["amy", "bernadette", "howard", "leonard"]) {
    fs.mkdirSync(path.join(dir, person));
    for (const f of fs.readdirSync(path.join(datasets, "faceapi-examples", person))) {
      if (f === "amy2.png") continue; // the search's query: the gallery holds Amy's other photos
      fs.copyFileSync(path.join(datasets, "faceapi-examples", person, f), path.join(dir, person, f));
    }
  }
  return dir;
}

async function startServer(galleryDir) {
  check(fs.existsSync(jar), "the CLI jar exists (" + jar + ")");
  server = spawn("java", ["-jar", jar, "serve", "--port", "0", "--gallery", galleryDir], {
    stdio: ["ignore", "inherit", "pipe"],
  });
  const base = await new Promise((resolve, reject) => {
    let seen = "";
    server.stderr.on("data", (chunk) => {
      for (const line of String(chunk).split("\n")) {
        if (line && !line.includes("GET /ready 503")) process.stderr.write(line + "\n");
      }
      seen += chunk;
      const m = seen.match(/DeepFace API on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error("the server exited with " + code + " before listening")));
  });
  let last = "";
  for (let i = 0; i < 360; i++) {
    const r = await fetch(base + "/ready").catch(() => null);
    if (r && r.status === 200) return base;
    if (r) last = await r.text();
    await new Promise((res) => setTimeout(res, 500));
  }
  fail("the server was not ready within 3 minutes: " + last);
}

async function stopServer(base) {
  const exited = new Promise((resolve) => server.on("exit", (code, signal) => resolve({ code, signal })));
  // A request running when SIGTERM arrives still gets its answer.
  const photo = fs.readFileSync(path.join(datasets, "faceapi-examples/bbt2.jpg")).toString("base64");
  const running = fetch(base + "/analyze", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ img: "data:image/jpeg;base64," + photo, actions: ["age", "gender", "emotion", "race"] }) });
  await new Promise((res) => setTimeout(res, 300));
  server.kill("SIGTERM");
  const answer = await running;
  const body = await answer.json();
  check(answer.status === 200 && body.results.length > 0,
      "a request running at SIGTERM is answered (" + answer.status + ", " + (body.results || []).length + " faces)");
  const { code, signal } = await exited;
  check(code === 0, "the server stops on SIGTERM with exit code 0 (got " + code + ", signal " + signal + ")");
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const galleryDir = gallery();
  const base = await startServer(galleryDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1 });
    const foreign = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on("pageerror", (e) => { consoleErrors.push(String(e)); fail("script error on the page: " + e); });
    page.on("console", (m) => { if (m.type() === "error") console.error("console: " + m.text()); });
    await page.goto(base + "/");
    check(await page.title() === "DeepFace", "the page loads");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    check(width <= PHONE.width, "no sideways scrolling at phone width (" + width + " px)");

    const { same, different } = lfwPairs();
    // Verify: the same person, then different people.
    await page.setInputFiles("#verify-img1", same[0][0]);
    await page.setInputFiles("#verify-img2", same[0][1]);
    await page.click("#verify-form button");
    await page.waitForSelector("#verify-result:not([hidden])", { timeout: 60000 });
    check(await page.textContent("#verify-verdict") === "Same person", "a same-person pair shows 'Same person'");
    check(/Distance \d\.\d{3}, threshold \d\.\d{3}/.test(await page.textContent("#verify-numbers")),
        "distance and threshold are shown");
    check(await page.getAttribute("#verify-canvas1", "data-faces") === "1"
        && await page.getAttribute("#verify-canvas2", "data-faces") === "1", "both faces are boxed");
    await page.screenshot({ path: path.join(shots, "verify-same.png"), fullPage: true });
    await page.setInputFiles("#verify-img1", different[0][0]);
    await page.setInputFiles("#verify-img2", different[0][1]);
    await page.click("#verify-form button");
    await page.waitForFunction(() => document.querySelector("#verify-verdict").textContent === "Different people"
        && !document.querySelector("#verify-result").hidden, null, { timeout: 120000 });
    check(true, "a different-people pair shows 'Different people'");
    await page.screenshot({ path: path.join(shots, "verify-different.png"), fullPage: true });

    // Analyze a group photo: every face boxed, one table row each.
    await page.click("#tab-analyze");
    await page.setInputFiles("#analyze-img", path.join(datasets, "faceapi-examples/bbt3.jpg"));
    await page.click("#analyze-form button");
    await page.waitForSelector("#analyze-result:not([hidden])", { timeout: 180000 });
    const faces = await page.getAttribute("#analyze-canvas", "data-faces");
    const rows = await page.locator("#analyze-table tbody tr").count();
    check(faces === "5" && rows === 5, "the group photo shows 5 faces boxed and 5 table rows (" + faces + ", "
        + rows + ")");
    const firstRow = await page.locator("#analyze-table tbody tr").first().innerText();
    check(/(Man|Woman)/.test(firstRow) && /\d/.test(firstRow), "the table reads age and gender: " + firstRow);
    await page.screenshot({ path: path.join(shots, "analyze-group.png"), fullPage: true });

    // A file that is not an image: an error in words, not JSON.
    const junk = path.join(os.tmpdir(), "not-a-photo.jpg");
    fs.writeFileSync(junk, "this is a text file, not a photo\n");
    await page.setInputFiles("#analyze-img", junk);
    await page.click("#analyze-form button");
    await page.waitForSelector("#analyze-error:not([hidden])", { timeout: 60000 });
    const error = await page.textContent("#analyze-error");
    check(error.startsWith("The server could not use this photo") && !error.includes("{"),
        "a bad file shows an error in words: " + error);
    await page.screenshot({ path: path.join(shots, "analyze-bad-file.png"), fullPage: true });

    // Search the gallery with a photo of one of its people.
    await page.click("#tab-search");
    await page.setInputFiles("#search-img", path.join(datasets, "faceapi-examples/amy/amy2.png"));
    await page.click("#search-form button");
    await page.waitForSelector("#search-result:not([hidden])", { timeout: 180000 });
    const matches = await page.locator(".match").count();
    const best = await page.locator(".match figcaption").first().textContent();
    const thumbnail = await page.locator(".match img").first().getAttribute("src");
    check(matches >= 1 && best.startsWith("amy"), "the top gallery match is the same person: " + best);
    check(thumbnail && thumbnail.startsWith("data:image/jpeg"), "matches show as thumbnails");
    await page.screenshot({ path: path.join(shots, "search.png"), fullPage: true });

    check(foreign.length === 0, "the page asks nothing of other hosts (" + foreign.join(", ") + ")");
    check(consoleErrors.length === 0, "no script errors (" + consoleErrors.join("; ") + ")");
  } finally {
    await browser.close();
  }
  await stopServer(base);
  fs.rmSync(galleryDir, { recursive: true, force: true });
  clearTimeout(deadline);
  console.log(failed ? "FAILED" : "browser test passed; screenshots in " + shots);
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
