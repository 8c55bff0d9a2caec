"""Runs generated Python handlers for the snippet tests.

Reads a JSON list of runs on stdin; each names a handler module, its function, the request, the replay
server's base URL and the options to inject. Prints one JSON result a run: outcomes (value or error
class and attributes), sleeps in milliseconds, refresh calls and log lines.
"""

import importlib.util
import inspect
import json
import logging
import re
import sys
import time

import httpx


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def describe(error: BaseException) -> dict:
    fields = {camel(key): value for key, value in vars(error).items()}
    if "statusCode" in fields:
        fields["status"] = fields.pop("statusCode")
    return {"name": type(error).__name__, "message": str(error), "fields": fields}


def main() -> None:
    runs = json.load(sys.stdin)
    capture = Capture()
    logging.getLogger().addHandler(capture)
    logging.getLogger().setLevel(logging.DEBUG)
    results = []
    # One client for every run, as an application would share one: TLS set-up is slow to repeat.
    client = httpx.Client()
    for index, run in enumerate(runs):
        # A fresh module a run: module-wide state (Kayle's frozen key) must not leak between scenarios.
        spec = importlib.util.spec_from_file_location(f"snippet_{index}", run["module"])
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        handler = getattr(module, run["function"])
        accepted = inspect.signature(handler).parameters
        sleeps: list[float] = []
        refresh_calls = [0]
        # A clock that only the injected sleeps and the scenario's steps move, in seconds.
        clock = [1000.0]

        def refresh() -> str:
            refresh_calls[0] += 1
            return "fresh-token"

        def fake_sleep(seconds: float) -> None:
            sleeps.append(seconds * 1000)
            clock[0] += seconds

        kwargs = {"base_url": run["baseUrl"], "rand": lambda: 0.5}
        if "timeout" in run:
            kwargs["timeout"] = run["timeout"]
        if "maxWait" in run:
            kwargs["max_wait"] = run["maxWait"]
        if not run["realTime"]:
            # The real-time run keeps the handler's own sleep, clock and default client.
            kwargs["sleep"] = fake_sleep
            kwargs["now"] = lambda: clock[0]
            kwargs["client"] = client
        if run["refresh"]:
            kwargs["refresh_access_token"] = refresh
        kwargs = {key: value for key, value in kwargs.items() if key in accepted}
        capture.lines = []
        outcomes = []
        durations = []
        for step in run["steps"]:
            clock[0] += step.get("advanceMs", 0) / 1000
            kwargs[run["credential"]] = step.get("key", "test-key")
            started = time.perf_counter()
            try:
                value = handler(run["method"], run["path"], json=run.get("body"), **kwargs)
                outcomes.append({"ok": True, "value": value})
            except Exception as error:  # the handlers' own errors are the point
                outcomes.append({"ok": False, "error": describe(error)})
            durations.append((time.perf_counter() - started) * 1000)
        results.append(
            {"outcomes": outcomes, "sleeps": sleeps, "refreshCalls": refresh_calls[0], "logs": capture.lines, "durations": durations}
        )
    json.dump(results, sys.stdout, default=repr)


if __name__ == "__main__":
    main()
