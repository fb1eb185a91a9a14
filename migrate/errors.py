"""Errors that reach the user as one line: which file, where, what is wrong, how to fix it."""

from __future__ import annotations


class MigrateError(Exception):
    """Bad input or configuration. The CLI prints it on one line and exits with code 2."""

    def __init__(self, file: str | None, problem: str, *, place: str | None = None, fix: str | None = None):
        self.file = file
        self.place = place
        self.problem = problem
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        head = ": ".join(str(p) for p in (self.file, self.place) if p)
        text = f"{head}: {self.problem}" if head else self.problem
        if self.fix:
            text += f" (fix: {self.fix})"
        return text
