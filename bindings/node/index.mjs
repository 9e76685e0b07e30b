// librns for Node, as an ES module: the CommonJS package (index.js) with every export named,
// so `import { CLONE_NEWNET, setns } from 'librns'` works. The same module instance as
// require('librns'): nothing is loaded twice. test/esm.test.mjs checks these names are
// exactly index.js's exports.
import rns from './index.js';

export default rns;

export const {
  // namespaces
  setns, unshare, setnsPath, nsOpen, setnsPid, runInNamespaces, runInNamespacesOf, sethostname, setdomainname,
  // process groups and sessions
  setpgid, getpgid, setpgrp, getpgrp, setsid, getsid, tcgetpgrp, tcsetpgrp, killpg,
  // priority
  getpriority, setpriority,
  // credentials
  setuid, setgid, seteuid, setegid, setreuid, setregid, setresuid, setresgid,
  getresuid, getresgid, getgroups, setgroups, initgroups, getgrouplist,
  // pidfds
  pidfdOpen, pidfdSendSignal, pidfdGetfd,
  // process attributes (prctl)
  setPdeathsig, getPdeathsig, setChildSubreaper, getChildSubreaper, setNoNewPrivs, getNoNewPrivs,
  // errors and version
  errname, strerror, version,
  // the library
  constants, libraryPath,
  // every #define RNS_X of include/rns.h as X
  VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH,
  CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
  CLONE_NEWNET, CLONE_NEWTIME, CLONE_FILES, CLONE_FS, CLONE_SYSVSEM, CLONE_SIGHAND,
  CLONE_THREAD, CLONE_VM,
  PIDFD_NONBLOCK, PIDFD_THREAD, PIDFD_SIGNAL_THREAD, PIDFD_SIGNAL_THREAD_GROUP,
  PIDFD_SIGNAL_PROCESS_GROUP,
  PRIO_PROCESS, PRIO_PGRP, PRIO_USER,
} = rns;
