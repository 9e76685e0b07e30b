// A small launcher written for child_process; only the require line changed.
const { spawn } = require('librns'); // was: require('child_process')

/** Runs a command with a deadline and a cancel switch; its stdout as lines. */
function run(command, args, { timeout, signal } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { timeout, signal, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = [];
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop();
      lines.push(...parts);
    });
    child.on('error', reject); // a missing program, or the AbortSignal
    child.on('close', (code, sig) => resolve({ code, signal: sig, lines }));
  });
}

(async () => {
  console.log(await run('sh', ['-c', 'echo one; echo two; exit 3']));
  console.log(await run('sleep', ['10'], { timeout: 100 })); // killed with SIGTERM after 100 ms
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 100);
  await run('sleep', ['10'], { signal: abort.signal }).catch((e) => console.log(e.name, e.code));
  await run('no-such-program').catch((e) => console.log(e.code, e.syscall));
})();
