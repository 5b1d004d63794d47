"""``manage.py assess [FILE|-]``: one findings JSON document in, its assessment JSON out.

Invalid input prints every offending field path and reason to stderr and exits 2 with
nothing on stdout. ``--schema`` prints the input JSON Schema; ``--jsonl`` assesses one
document per line (batch re-assessment), printing one assessment per line.
"""

import json
import os
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from backpain.clinical import FindingsError, assess_document, input_schema

INVALID = 2


class Command(BaseCommand):
    help = "Assess a findings JSON document with the decision-support engine."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="-",
                            help="findings JSON file, or - for standard input (default)")
        parser.add_argument("--schema", action="store_true",
                            help="print the JSON Schema of the findings document and exit")
        parser.add_argument("--jsonl", action="store_true",
                            help="read one document per line, print one assessment per line")

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except BrokenPipeError:
            # The reader stopped early (`assess --jsonl | head`): the lines it read are whole;
            # end quietly, with no traceback, and keep Python from reporting the pipe at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return None

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schema"]:
            self.stdout.write(json.dumps(input_schema(), indent=2))
            return
        try:
            text = self.read(options["file"])
        except OSError as error:
            self.fail([f"{options['file']}: {error.strerror or error}"])
        if options["jsonl"]:
            self.assess_lines(text)
        else:
            result, problems = self.assess_text(text, prefix="")
            if problems:
                self.fail(problems)
            self.stdout.write(json.dumps(result, indent=2))

    def read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        with open(name, encoding="utf-8") as handle:
            return handle.read()

    def assess_text(self, text: str, prefix: str) -> tuple[dict[str, Any] | None, list[str]]:
        """(assessment, []) for a valid document, (None, problems) otherwise."""
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            return None, [f"{prefix}(document): not valid JSON ({error})"]
        except RecursionError:
            return None, [f"{prefix}(document): nested too deeply to be findings"]
        try:
            return assess_document(document), []
        except FindingsError as error:
            return None, [f"{prefix}{message}" for message in error.messages]

    def assess_lines(self, text: str) -> None:
        # Every line is checked before anything is printed: a batch is all or nothing.
        results: list[dict[str, Any] | None] = []
        problems: list[str] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                result, line_problems = self.assess_text(line, prefix=f"line {number}: ")
                results.append(result)
                problems += line_problems
        if problems:
            self.fail(problems)
        for result in results:
            self.stdout.write(json.dumps(result, separators=(",", ":")))

    def fail(self, problems: list[str]) -> NoReturn:
        for problem in problems:
            self.stderr.write(problem)
        raise SystemExit(INVALID)
