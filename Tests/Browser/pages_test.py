#!/usr/bin/env python3
"""The web pages in a real browser: Debian's headless Chromium driven by selenium.

Starts `riwayat serve` on a throwaway embedded cluster with the sample workforce, signs in with
the demo token, opens every page, changes filters and dates, downloads a CSV, switches language,
signs out, and fails on any console error, failed request or missing chart. Screenshots of every
page (desktop 1280x800, phone 390x844) go to the folder given by --screenshots.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse, parse_qs

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message, file=sys.stderr)


def start_daemon(binary, workdir, timeout):
    """`riwayat serve` on a fresh embedded cluster; returns (process, base URL, token)."""
    log = open(os.path.join(workdir, "serve.log"), "w")
    key = os.path.join(workdir, "signing-key")
    subprocess.run([binary, "key", "create", "--name", "riwayat.test/browser", "-o", key], check=True, stdout=subprocess.DEVNULL)
    process = subprocess.Popen(
        [binary, "serve", "--data-dir", os.path.join(workdir, "pgdata"), "--port", "0", "--signing-key", key],
        stdout=log, stderr=subprocess.STDOUT, cwd=workdir, start_new_session=True)
    deadline = time.monotonic() + timeout
    pattern = re.compile(r"riwayat is serving on (http://[0-9.]+:[0-9]+)")
    token_file = os.path.join(workdir, "demo-token")
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("riwayat serve ended early:\n" + open(log.name).read()[-4000:])
        text = open(log.name).read()
        match = pattern.search(text)
        if match and os.path.exists(token_file):
            return process, match.group(1), open(token_file).read().strip()
        time.sleep(0.5)
    raise SystemExit("riwayat serve did not start within %d s:\n%s" % (timeout, open(log.name).read()[-4000:]))


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,800",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking", "--lang=id"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # A browser set to Indonesian first, as the inspectors' are.
    options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False,
                                              "intl.accept_languages": "id,en"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(120)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


def problems(driver, allowed_status=()):
    """Console errors and failed requests since the last call."""
    found = []
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            message = entry.get("message", "")
            if any(" %d " % status in message for status in allowed_status):
                continue
            found.append("console: " + message)
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.responseReceived":
            response = message["params"]["response"]
            if response.get("status", 0) >= 400 and response.get("status") not in allowed_status:
                found.append("request %s answered %s" % (response.get("url"), response.get("status")))
        elif message.get("method") == "Network.loadingFailed":
            params = message["params"]
            if params.get("canceled"):
                continue
            found.append("request failed: %s" % params.get("errorText"))
    return found


def visit_checked(driver, step, allowed_status=()):
    issues = problems(driver, allowed_status)
    check(not issues, "%s: %s" % (step, "; ".join(issues)))


def screenshots(driver, folder, name):
    for label, (width, height) in [("desktop", (1280, 800)), ("phone", (390, 844))]:
        driver.set_window_size(width, height)
        driver.save_screenshot(os.path.join(folder, "%s-%s.png" % (name, label)))
    driver.set_window_size(1280, 800)


def navigate(driver, element):
    """Clicks `element` and waits until the page it leads to has loaded (the old one gone)."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def left(_):
        # The old page is gone once its root element is stale or no longer in any document.
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(driver, 120).until(left)
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.readyState") == "complete")


def submit(driver, form_selector):
    navigate(driver, driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--start-timeout", type=int, default=600)
    arguments = parser.parse_args()
    shots = os.path.abspath(arguments.screenshots)
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)
    workdir = tempfile.mkdtemp(prefix="riwayat-browser-")
    if os.geteuid() == 0:
        # The embedded cluster runs as `postgres`: it must be able to reach the work folder.
        os.chmod(workdir, 0o755)
    downloads = os.path.join(workdir, "downloads")
    os.makedirs(downloads)
    process, base, token = start_daemon(os.path.abspath(arguments.binary), workdir, arguments.start_timeout)
    driver = None
    try:
        driver = browser(downloads)
        run(driver, base, token, shots, downloads)
    finally:
        if driver is not None:
            driver.quit()
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        if FAILURES:
            print(open(os.path.join(workdir, "serve.log")).read()[-3000:], file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
    if FAILURES:
        print("%d browser check(s) failed" % len(FAILURES), file=sys.stderr)
        sys.exit(1)
    print("browser test passed; screenshots in", shots)


def run(driver, base, token, shots, downloads):
    # Not signed in: every page leads to the sign-in form.
    driver.get(base + "/dashboard")
    check(urlparse(driver.current_url).path == "/signin", "an unsigned visitor is sent to sign in, not %s" % driver.current_url)
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id", "pages speak Indonesian by default")
    screenshots(driver, shots, "signin")
    visit_checked(driver, "sign-in page")

    # A wrong token is refused on the form.
    driver.find_element(By.ID, "token").send_keys("rwy_" + "0" * 48)
    submit(driver, "form[action='/signin']")
    check("Token tidak dikenal" in driver.page_source, "a wrong token is refused with a message")
    problems(driver)  # the refusal answers 401 on purpose

    driver.find_element(By.ID, "token").send_keys(token)
    submit(driver, "form[action='/signin']")
    check(urlparse(driver.current_url).path == "/dashboard", "signing in returns to the page asked for, not %s" % driver.current_url)
    cookies = {cookie["name"]: cookie for cookie in driver.get_cookies()}
    session = cookies.get("riwayat_session", {})
    check(session.get("httpOnly") is True and session.get("sameSite") == "Strict", "the session cookie is HttpOnly and SameSite=Strict")

    # The dashboard: nine charts, each with its numbers, its log position and a CSV.
    charts = driver.find_elements(By.CSS_SELECTOR, "section.chart-panel svg")
    check(len(charts) == 9, "the dashboard draws 9 charts, found %d" % len(charts))
    for svg in charts:
        check(svg.find_elements(By.TAG_NAME, "title") and svg.find_elements(By.TAG_NAME, "desc"), "every chart has a title and desc")
        check(svg.size["height"] > 50, "chart %s is drawn (height %s)" % (svg.get_attribute("id"), svg.size["height"]))
    check(len(driver.find_elements(By.CSS_SELECTOR, "section.chart-panel table.numbers")) == 9, "every chart has its numbers as a table")
    pyramid_cells = [cell.get_attribute("textContent") for cell in driver.find_elements(By.CSS_SELECTOR, "#panel-pyramid td")]
    check(any(value.isdigit() and int(value) > 0 for value in pyramid_cells), "the pyramid counts employees on the sample")
    visit_checked(driver, "dashboard")
    screenshots(driver, shots, "dashboard")
    date_input = driver.find_element(By.ID, "asOf")
    driver.execute_script("arguments[0].value = '2020-06-30'", date_input)
    submit(driver, "form[action='/dashboard']")
    check(parse_qs(urlparse(driver.current_url).query).get("asOf") == ["2020-06-30"], "the dashboard's date changes")
    check("2020-06-30" in driver.find_element(By.ID, "panel-pyramid").text, "the pyramid states the chosen date")
    visit_checked(driver, "dashboard on a date")
    link = driver.find_element(By.CSS_SELECTOR, "#panel-grades a[download]")
    link.click()
    deadline = time.monotonic() + 60
    files = []
    while time.monotonic() < deadline:
        files = [name for name in os.listdir(downloads) if name.endswith(".csv")]
        if files:
            break
        time.sleep(0.2)
    check(files, "the grade chart's CSV downloads")
    if files:
        text = open(os.path.join(downloads, files[0]), encoding="utf-8").read()
        check(text.startswith("grade,headcount,log_position,as_of"), "the CSV has the report's header, got %r" % text[:60])
    visit_checked(driver, "CSV download")

    # Findings: filter by severity, page on, open an employee at the event's date.
    driver.get(base + "/findings")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.findings tbody tr")
    check(len(rows) > 0, "the sample has findings")
    visit_checked(driver, "findings")
    screenshots(driver, shots, "findings")
    driver.find_element(By.CSS_SELECTOR, "#severity option[value=warning]").click()
    submit(driver, "form[action='/findings']")
    check(parse_qs(urlparse(driver.current_url).query).get("severity") == ["warning"], "the severity filter is applied")
    severities = {cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "table.findings tbody td:nth-child(3)")}
    check(severities <= {"peringatan"}, "only warnings are listed, got %s" % severities)
    visit_checked(driver, "findings filtered")
    employee_link = driver.find_element(By.CSS_SELECTOR, "table.findings tbody a")
    nip = employee_link.text
    navigate(driver, employee_link)

    # The employee page: state, timeline, trail, findings; change the date and "as known at".
    check(urlparse(driver.current_url).path == "/employees/" + nip, "a finding links to the employee page")
    check(driver.find_elements(By.CSS_SELECTOR, "svg#timeline"), "the employee page draws the career timeline")
    markers = driver.find_elements(By.CSS_SELECTOR, "svg#timeline a")
    trail = driver.find_elements(By.CSS_SELECTOR, "table.trail tbody tr")
    check(len(trail) > 0 and len(markers) > 0, "the trail and the timeline's markers are shown")
    check("NIP " + nip in driver.title, "the page is titled by the NIP")
    visit_checked(driver, "employee page")
    screenshots(driver, shots, "employee")
    # The career dossier downloads once a signed checkpoint holds every event (seconds after start).
    for _ in range(60):
        if driver.find_elements(By.CSS_SELECTOR, "a[href$='/dossier.json']"):
            break
        time.sleep(1)
        driver.refresh()
    driver.find_element(By.CSS_SELECTOR, "a[href$='/dossier.json']").click()
    deadline = time.monotonic() + 60
    dossiers = []
    while time.monotonic() < deadline and not dossiers:
        dossiers = [name for name in os.listdir(downloads) if name.startswith("dossier-") and name.endswith(".json")]
        time.sleep(0.2)
    check(dossiers, "the career dossier downloads")
    if dossiers:
        dossier = json.load(open(os.path.join(downloads, dossiers[0]), encoding="utf-8"))
        check(dossier.get("format") == "riwayat-dossier/v1" and dossier.get("stream") == nip and dossier.get("events"),
              "the dossier holds the employee's events")
    visit_checked(driver, "dossier download")
    driver.execute_script("arguments[0].value = '2015-01-01'", driver.find_element(By.ID, "asOf"))
    submit(driver, "form.filters")
    check("2015-01-01" in driver.find_element(By.ID, "state-h").text, "the state follows the chosen date")
    driver.execute_script("arguments[0].value = '2000-01-01'", driver.find_element(By.ID, "knownAt"))
    submit(driver, "form.filters")
    check(parse_qs(urlparse(driver.current_url).query).get("knownAt") == ["2000-01-01"], "the known-at date is applied")
    visit_checked(driver, "employee page on dates")

    # NIP look-up: an invalid NIP is explained, a valid one opens the page.
    driver.get(base + "/employees")
    driver.find_element(By.ID, "nip").send_keys("12345")
    submit(driver, "form[action='/employees']")
    check("NIP must have 18 digits" in driver.find_element(By.ID, "nip-error").text, "an invalid NIP is explained")
    problems(driver, allowed_status=(400,))
    screenshots(driver, shots, "lookup")
    driver.find_element(By.ID, "nip").clear()
    driver.find_element(By.ID, "nip").send_keys(nip)
    submit(driver, "form[action='/employees']")
    check(urlparse(driver.current_url).path == "/employees/" + nip, "a valid NIP opens its page")
    visit_checked(driver, "look-up")

    # Admin: the access log names the pages just read; tokens can be created and revoked.
    driver.get(base + "/admin/access-log?nip=" + nip)
    actions = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "table.access tbody td:nth-child(5)")]
    check("page-employee" in actions, "the employee page read is in the access log, got %s" % actions[:5])
    visit_checked(driver, "access log")
    screenshots(driver, shots, "access-log")
    driver.get(base + "/admin/tokens")
    driver.find_element(By.ID, "name").send_keys("browser-test")
    driver.find_element(By.ID, "person").send_keys("system:browser")
    driver.find_element(By.CSS_SELECTOR, "input[name=analyst]").click()
    submit(driver, "form[action='/admin/tokens']")
    check(driver.find_element(By.ID, "new-secret").text.startswith("rwy_"), "a new token's secret is shown once")
    visit_checked(driver, "token created")
    screenshots(driver, shots, "tokens")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "button[aria-label='Cabut browser-test']"))
    check("tidak aktif" in driver.find_element(By.CSS_SELECTOR, "table.tokens").text, "a revoked token is listed as inactive")
    visit_checked(driver, "token revoked")

    # English on request, remembered.
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "a[hreflang=en]"))
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "the switch turns the pages to English")
    driver.get(base + "/dashboard")
    check("Workforce dashboard" in driver.find_element(By.TAG_NAME, "h1").text, "English is remembered")
    screenshots(driver, shots, "dashboard-en")
    visit_checked(driver, "English")

    # Keyboard: the first Tab reaches the skip link.
    driver.find_element(By.TAG_NAME, "body").send_keys("\ue004")
    check(driver.switch_to.active_element.get_attribute("class") == "skip", "Tab reaches the skip link first")

    # Sign out: the session is gone.
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/signout'] button"))
    check(urlparse(driver.current_url).path == "/signin", "signing out leads to the sign-in form")
    driver.get(base + "/employees/" + nip)
    check(urlparse(driver.current_url).path == "/signin", "after signing out, pages ask to sign in again")
    visit_checked(driver, "signed out")


if __name__ == "__main__":
    main()
