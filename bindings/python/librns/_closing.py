"""Closing: the context manager and finalizer of the handles that own an fd (Namespace,
Process, Waiter): `with` closes on exit, the garbage collector closes a forgotten one."""

from typing import Any


class Closing:
    """A base for classes with a close() that releases what they own."""

    __slots__ = ()

    def close(self) -> None:  # pragma: no cover - each handle has its own
        raise NotImplementedError

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # half-made (its __init__ raised), or the interpreter is ending
            pass
