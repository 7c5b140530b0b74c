#!/usr/bin/env python3
"""Opens an HTML report in headless Chromium through the DevTools protocol (a pipe, no network
port: --remote-debugging-pipe) and checks that it loads with no console error, no uncaught
exception and no request for anything but the file itself; saves screenshots (desktop and
phone width) and a print PDF. Standard library only.

usage: html_check.py CHROMIUM REPORT.html OUT_DIR
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, chromium, profile):
        # Chromium reads commands from fd 3 and writes replies to fd 4, NUL-terminated JSON.
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def move_fds():
            # Via high numbers first: either pipe end may itself be fd 3 or 4.
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            hi_r, hi_w = os.dup2(r, 200), os.dup2(w, 201)
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)
            for fd in (r, w, hi_r, hi_w):
                os.close(fd)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile,
             "about:blank"],
            close_fds=False, preexec_fn=move_fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)
        raise TimeoutError(method)

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe: " +
                                   self.proc.stderr.read().decode(errors="replace")[-2000:])
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def wait_event(self, method, session, timeout=30):
        deadline = time.time() + timeout
        for m in self.events:
            if m.get("method") == method and m.get("sessionId") == session:
                return m
        while time.time() < deadline:
            m = self.read()
            self.events.append(m)
            if m.get("method") == method and m.get("sessionId") == session:
                return m
        raise TimeoutError(method)

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    chromium, report, out_dir = sys.argv[1:4]
    url = "file://" + os.path.abspath(report)
    problems = []
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(chromium, profile)
        try:
            target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            s = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Network", "Runtime", "Log"):
                b.send(domain + ".enable", session=s)
            b.send("Page.navigate", {"url": url}, session=s)
            b.wait_event("Page.loadEventFired", s)
            time.sleep(0.5)  # late console messages and requests

            def shot(width, height, name):
                b.send("Emulation.setDeviceMetricsOverride",
                       {"width": width, "height": height, "deviceScaleFactor": 1,
                        "mobile": width < 600}, session=s)
                time.sleep(0.3)
                png = b.send("Page.captureScreenshot", {"format": "png"}, session=s)["data"]
                with open(os.path.join(out_dir, name), "wb") as f:
                    f.write(base64.b64decode(png))
                # A page wider than the phone would scroll sideways as a whole.
                return b.send("Runtime.evaluate", {
                    "expression": "document.documentElement.scrollWidth", "returnByValue": True},
                    session=s)["result"]["value"]

            wide = shot(1280, 2000, "report-desktop.png")
            narrow = shot(390, 1600, "report-phone.png")
            if narrow > 390 + 1:
                problems.append(f"at 390 px wide the page is {narrow} px wide (scrolls sideways)")
            pdf = b.send("Page.printToPDF", {"printBackground": True}, session=s, timeout=60)
            data = base64.b64decode(pdf["data"])
            with open(os.path.join(out_dir, "report-print.pdf"), "wb") as f:
                f.write(data)
            if not data.startswith(b"%PDF") or len(data) < 10000:
                problems.append("printing gave no usable PDF")
            title = b.send("Runtime.evaluate", {"expression": "document.title",
                                                "returnByValue": True}, session=s)
            counts = b.send("Runtime.evaluate", {"expression": (
                "JSON.stringify({svg: document.querySelectorAll('#timeline svg').length,"
                " bars: document.querySelectorAll('.bar').length,"
                " rules: document.querySelectorAll('article.rule').length,"
                " scripts: document.scripts.length})"), "returnByValue": True}, session=s)
            print("title:", title["result"]["value"], "| page width at 1280:", wide,
                  "| at 390:", narrow, "|", counts["result"]["value"])
        finally:
            b.close()

    requests = [e["params"]["request"]["url"] for e in b.events
                if e.get("method") == "Network.requestWillBeSent"]
    for u in requests:
        if u != url:
            problems.append("request for " + u)
    for e in b.events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            problems.append("console " + p["type"] + ": " + json.dumps(p.get("args"))[:300])
        elif m == "Runtime.exceptionThrown":
            problems.append("exception: " + json.dumps(p)[:300])
        elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
            problems.append("log " + p["entry"]["level"] + ": " + p["entry"].get("text", "")[:300])
        elif m == "Network.loadingFailed":
            problems.append("failed load: " + json.dumps(p)[:300])
    print("requests:", requests)
    for p in problems:
        print("problem:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
