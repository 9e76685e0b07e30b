"""librns for Python: the kernel's process, namespace and credential calls, with os's names,
signatures and errors, on every Python (os.setns/os.unshare exist only from 3.12)."""

from os import WCONTINUED, WEXITED, WNOHANG, WNOWAIT, WSTOPPED  # os's own (test_pidfd compares)

from . import _constants
from ._calls import (getpgid, getpgrp, getpriority, getsid, killpg, setns, setpgid, setpgrp,
                     setpriority, setsid, tcgetpgrp, tcsetpgrp, unshare)
from ._creds import (getgrouplist, getgroups, getresgid, getresuid, initgroups, setegid,
                     seteuid, setgid, setgroups, setregid, setresgid, setresuid, setreuid,
                     setuid)
from ._lib import lib as _lib, path as library_path
from ._ns import (netns_add, netns_delete, netns_open, ns_open, ns_persist, ns_unpersist,
                  setdomainname, sethostname, setns_path, setns_pid, userns_acquire)
from ._handle import (Namespace, NsId, listns, ns_id, ns_open_id, ns_owner_uid, ns_parent,
                      ns_pid_from, ns_pid_in, ns_same, ns_type, ns_userns)
from ._enter import (SavedNamespaces, in_namespaces, ns_enter, ns_enter_pid, ns_restore,
                     run_in_namespaces, run_in_ns)
from ._prctl import (drop_privileges, errname, get_child_subreaper, get_no_new_privs,
                     get_pdeathsig, set_child_subreaper, set_no_new_privs, set_pdeathsig,
                     strerror)
from ._pidfd import (ProcessInfo, SigInfo, pidfd_getfd, pidfd_getpid, pidfd_info, pidfd_info_mask,
                     pidfd_ns_open, pidfd_open, pidfd_send_siginfo, pidfd_send_signal,
                     pidfd_wait, pidfd_wait_rusage)
from ._process import Process
from ._waiter import ExitEvent, Waiter
from ._spawn import SpawnError, posix_spawn, posix_spawnp, spawn, spawnp
from .subprocess import (DEVNULL, PIPE, STDOUT, CalledProcessError, CompletedProcess, Popen,
                         SubprocessError, TimeoutExpired, call, check_call, check_output,
                         getoutput, getstatusoutput, run)

# The CLONE_*, PRIO_* and PIDFD_* constants, as os names them, and the WAIT_* kinds,
# WAITER_NOREAP, SI_QUEUE (from _constants.py).
_PREFIXES = ("CLONE_", "PRIO_", "PIDFD_", "WAIT_", "WAITER_", "SI_QUEUE")
globals().update({k: v for k, v in vars(_constants).items() if k.startswith(_PREFIXES)})
# librns's own flags of the namespace and privilege calls: NS_FOR_CHILDREN, NS_ID_KERNEL,
# NS_ID_INODE, NS_PID_TGID, DROP_NO_NEW_PRIVS.
globals().update({k: v for k, v in vars(_constants).items() if k.startswith(("NS_", "DROP_"))})
constants: "dict[str, int]" = {k: v for k, v in vars(_constants).items() if k.isupper()}


def version() -> str:
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return _lib.rns_version().decode()


__all__ = sorted([k for k in globals() if not k.startswith("_") and k not in ("constants",)])
