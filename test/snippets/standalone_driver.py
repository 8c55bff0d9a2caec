"""Calls generated standalone branches for the snippet tests.

Reads a JSON list of runs on stdin; each names a module holding one standalone function, the response
to build (status, JSON body or raw text, headers, the request it answers) and the arguments after the
response. Prints one JSON outcome a run: the value returned, or the error raised with its attributes
under their TypeScript names.
"""

import importlib.util
import json
import sys

import httpx

NAMES = {"status_code": "status", "request_id": "requestId", "server_message": "serverMessage", "retry_after": "retryAfterSeconds"}


def describe(error: BaseException) -> dict:
    fields = {NAMES.get(key, key): value for key, value in vars(error).items()}
    return {"name": type(error).__name__, "message": str(error), "fields": fields}


def main() -> None:
    results = []
    for index, run in enumerate(json.load(sys.stdin)):
        spec = importlib.util.spec_from_file_location(f"standalone_{index}", run["module"])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        function = next(value for name, value in vars(module).items() if name.startswith("handle_"))
        request = httpx.Request(run["request"]["method"], run["request"]["url"]) if run.get("request") else None
        if run.get("raw") is not None:
            response = httpx.Response(run["status"], text=run["raw"], headers=run["headers"], request=request)
        elif run.get("body") is not None:
            response = httpx.Response(run["status"], json=run["body"], headers=run["headers"], request=request)
        else:
            response = httpx.Response(run["status"], headers=run["headers"], request=request)
        try:
            results.append({"ok": True, "value": function(response, *run["args"])})
        except Exception as error:  # the function's own error is the point
            results.append({"ok": False, "error": describe(error)})
    json.dump(results, sys.stdout, default=repr)


if __name__ == "__main__":
    main()
